/*
 * Todd-Coxeter coset enumeration kernel for groupmat (HLT with lookahead, and Felsch).
 *
 * This is a step-for-step port of groupmat/algebra/_coset_python.py, which documents the
 * algorithm, its two refinements (Felsch scans with inverse conjugates only at the new
 * entry; HLT skips closed proper-power relators) and the table-growth policy; both kernels
 * make the same definitions in the same order, so they produce the same tables and
 * statistics (the test-suite checks this). Reference: Holt, Eick, O'Brien,
 * "Handbook of Computational Group Theory" (2005), sections 5.1-5.3.
 *
 * Cosets are numbered from 1; 0 means "undefined". The table T holds (cap + 1) rows of ncols
 * int32 entries. p[] is the coincidence forwarding array (p[c] == c iff c is live).
 *
 * Memory (per coset of capacity): 4 bytes per column for T and 4 for p; HLT adds 1, 2, 4 or 8
 * bytes for the closed-relator bits (as many as it has proper-power relators, none for Felsch);
 * the coincidence queue and the deduction stack grow on demand (rows beyond the last defined
 * coset are never touched, so they cost address space, not memory). result() compacts T to
 * the live rows, frees everything else, renumbers the rows into BFS order and transposes the
 * requested columns in place: its peak is the live table plus 4 bytes and 1 bit per coset
 * (the BFS order, inverted in place, then reused as the transposition's spare column).
 *
 * Python API (module groupmat.algebra._coset_kernel):
 *   Enumerator(ncols, inv, relators, subgroup, conjugates, strategy, max_cosets, init_cap,
 *              lookahead_from=2**20)
 *   .run(budget) -> 0 running / 1 done / 2 coset limit reached
 *   .stats() -> (defined, live, max_live, coincidences, lookaheads, compressions, capacity)
 *   .result(order, rows) -> the Enumerator itself, whose buffer (int32, no copy) is then the
 *        table with cosets in BFS order over the columns `order`, one row per (distinct)
 *        column in `rows`: table[r * index + i] = coset i times column rows[r]. Frees the
 *        enumeration state. (The BFS tree is not returned: it is read off the final table.)
 * Only the Python C API is used (no numpy headers).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RUNNING 0
#define DONE 1
#define LIMIT 2

typedef struct {
    int len;
    int period;    /* least d with w = u^(len/d), |u| = d */
    uint64_t bit;  /* HLT: bit of a proper-power relator in done[], or 0 */
    int32_t *w;
} word_t;

typedef struct {
    PyObject_HEAD
    int n;          /* number of columns */
    int32_t *inv;   /* inverse column */
    int nrel;
    word_t *rels;
    int nh;
    word_t *hgens;
    int nconj;
    word_t *conj;   /* all conjugates, grouped by first column */
    int *cstart;    /* conjugates of column x: conj[cstart[x] .. cstart[x+1]) */
    int felsch;
    int64_t max_cosets, cap, lookahead_from;
    int32_t *T;
    int32_t *p;
    uint8_t *done;  /* HLT, per coset: bits of power relators known to be closed there */
    int dw;         /* bytes per entry of done (1, 2, 4 or 8); 0: no bits kept */
    int32_t *queue; /* coincidence queue, grown on demand */
    int64_t qlen, qcap;
    int32_t *stack; /* deduction pairs (coset, column) */
    int64_t slen, scap;
    int64_t nextfree, nlive, maxlive, ndefined, ncoinc, nlookahead, ncompress;
    int phase;      /* 0 subgroup, 1 enumerating, 2 done, 3 result taken (T is the output) */
    int64_t outlen; /* phase 3: int32 entries of the output table held in T */
    Py_ssize_t exports;
    int hpos;
    int64_t alpha;
    int nomem;
} Enum;

static inline uint64_t done_get(const Enum *e, int64_t c)
{
    switch (e->dw) {
    case 1:
        return e->done[c];
    case 2:
        return ((const uint16_t *)e->done)[c];
    case 4:
        return ((const uint32_t *)e->done)[c];
    case 8:
        return ((const uint64_t *)e->done)[c];
    default:
        return 0;
    }
}

static inline void done_set(Enum *e, int64_t c, uint64_t v)
{
    switch (e->dw) {
    case 1:
        e->done[c] = (uint8_t)v;
        break;
    case 2:
        ((uint16_t *)e->done)[c] = (uint16_t)v;
        break;
    case 4:
        ((uint32_t *)e->done)[c] = (uint32_t)v;
        break;
    case 8:
        ((uint64_t *)e->done)[c] = v;
        break;
    default:
        break;
    }
}

/* ---------------------------------------------------------------------------------------- */
/* primitive operations                                                                      */
/* ---------------------------------------------------------------------------------------- */

static inline void push(Enum *e, int32_t c, int32_t x)
{
    if (e->slen + 2 > e->scap) {
        int64_t nc = e->scap ? 2 * e->scap : 1024;
        int32_t *s = (int32_t *)realloc(e->stack, (size_t)nc * sizeof(int32_t));
        if (!s) {
            e->nomem = 1;
            return;
        }
        e->stack = s;
        e->scap = nc;
    }
    e->stack[e->slen++] = c;
    e->stack[e->slen++] = x;
}

static inline int define(Enum *e, int32_t c, int x)
{
    int64_t d = e->nextfree;
    if (d > e->cap)
        return 0;
    int n = e->n;
    int32_t *T = e->T;
    e->nextfree = d + 1;
    memset(T + d * n, 0, (size_t)n * sizeof(int32_t));
    e->p[d] = (int32_t)d;
    done_set(e, d, 0);
    T[(int64_t)c * n + x] = (int32_t)d;
    T[d * n + e->inv[x]] = c;
    e->nlive++;
    e->ndefined++;
    if (e->nlive > e->maxlive)
        e->maxlive = e->nlive;
    if (e->felsch)
        push(e, c, x);
    return 1;
}

static inline int32_t rep(int32_t *p, int32_t c)
{
    int32_t r = c;
    while (p[r] != r)
        r = p[r];
    while (p[c] != r) {
        int32_t nxt = p[c];
        p[c] = r;
        c = nxt;
    }
    return r;
}

static inline void merge(Enum *e, int32_t a, int32_t b)
{
    a = rep(e->p, a);
    b = rep(e->p, b);
    if (a == b)
        return;
    if (a > b) {
        int32_t t = a;
        a = b;
        b = t;
    }
    if (e->qlen >= e->qcap) {
        int64_t nc = e->qcap ? 2 * e->qcap : 1024;
        int32_t *q = (int32_t *)realloc(e->queue, (size_t)nc * sizeof(int32_t));
        if (!q) { /* keep going without queueing; the caller reports MemoryError */
            e->nomem = 1;
            return;
        }
        e->queue = q;
        e->qcap = nc;
    }
    e->p[b] = a;
    if (e->dw)
        done_set(e, a, done_get(e, a) | done_get(e, b));
    e->queue[e->qlen++] = b;
    e->nlive--;
    e->ncoinc++;
}

static void coincidence(Enum *e, int32_t a, int32_t b)
{
    int n = e->n;
    int32_t *T = e->T, *inv = e->inv, *p = e->p;
    int64_t i = 0;
    e->qlen = 0;
    merge(e, a, b);
    while (i < e->qlen) {
        int32_t g = e->queue[i++];
        int64_t gbase = (int64_t)g * n;
        for (int x = 0; x < n; x++) {
            int32_t d = T[gbase + x];
            if (!d)
                continue;
            int xi = inv[x];
            T[(int64_t)d * n + xi] = 0;
            int32_t mu = rep(p, g), nu = rep(p, d);
            int32_t f = T[(int64_t)mu * n + x];
            if (f) {
                merge(e, nu, f);
            } else {
                f = T[(int64_t)nu * n + xi];
                if (f) {
                    merge(e, mu, f);
                } else {
                    T[(int64_t)mu * n + x] = nu;
                    T[(int64_t)nu * n + xi] = mu;
                    if (e->felsch)
                        push(e, mu, x);
                }
            }
        }
    }
    e->qlen = 0;
}

/* Returns 0 when the table is full (partial, consistent progress was made), else 1. */
static int scan_and_fill(Enum *e, int32_t a, const word_t *wd)
{
    int n = e->n;
    int32_t *T = e->T, *inv = e->inv;
    const int32_t *w = wd->w;
    int32_t f = a, b = a, nx;
    int i = 0, j = wd->len - 1;
    for (;;) {
        while (i <= j && (nx = T[(int64_t)f * n + w[i]]) != 0) {
            f = nx;
            i++;
        }
        if (i > j) {
            if (f != a)
                coincidence(e, f, a);
            return 1;
        }
        while (j >= i && (nx = T[(int64_t)b * n + inv[w[j]]]) != 0) {
            b = nx;
            j--;
        }
        if (j < i) {
            coincidence(e, f, b);
            return 1;
        }
        if (j == i) {
            int x = w[i];
            T[(int64_t)f * n + x] = b;
            T[(int64_t)b * n + inv[x]] = f;
            if (e->felsch)
                push(e, f, x);
            return 1;
        }
        if (!define(e, f, w[i]))
            return 0;
    }
}

static void scan(Enum *e, int32_t a, const word_t *wd)
{
    int n = e->n;
    int32_t *T = e->T, *inv = e->inv;
    const int32_t *w = wd->w;
    int32_t f = a, b = a, nx;
    int i = 0, j = wd->len - 1;
    while (i <= j && (nx = T[(int64_t)f * n + w[i]]) != 0) {
        f = nx;
        i++;
    }
    if (i > j) {
        if (f != a)
            coincidence(e, f, a);
        return;
    }
    while (j >= i && (nx = T[(int64_t)b * n + inv[w[j]]]) != 0) {
        b = nx;
        j--;
    }
    if (j < i) {
        coincidence(e, f, b);
    } else if (j == i) {
        int x = w[i];
        T[(int64_t)f * n + x] = b;
        T[(int64_t)b * n + inv[x]] = f;
        if (e->felsch)
            push(e, f, x);
    }
}

static void process_deductions(Enum *e)
{
    int32_t *p = e->p;
    while (e->slen > 0) {
        int32_t x = e->stack[--e->slen];
        int32_t a = e->stack[--e->slen];
        if (p[a] != a)
            continue;
        for (int k = e->cstart[x]; k < e->cstart[x + 1]; k++) {
            scan(e, a, &e->conj[k]);
            if (p[a] != a)
                break;
        }
    }
}

/* Relator wd = u^m was just traced closed at a: it is closed at a u, ..., a u^(m-1) too. */
static void mark_closed(Enum *e, int32_t a, const word_t *wd)
{
    int n = e->n, d = wd->period;
    const int32_t *T = e->T, *w = wd->w;
    int32_t f = a;
    for (int i = 0; i < wd->len - d; i++) {
        f = T[(int64_t)f * n + w[i]];
        if (!f)
            return; /* cannot happen: the relator is closed at a */
        if (i % d == d - 1)
            done_set(e, f, done_get(e, f) | wd->bit);
    }
}

/* Returns 0 normally, -1 if interrupted by a signal (exception set; state consistent). */
static int lookahead(Enum *e)
{
    int32_t *p = e->p;
    e->nlookahead++;
    for (int64_t c = e->alpha; c < e->nextfree; c++) {
        for (int r = 0; r < e->nrel; r++) {
            if (p[c] != c)
                break;
            if (!(done_get(e, c) & e->rels[r].bit))
                scan(e, (int32_t)c, &e->rels[r]);
        }
        if ((c & 0x3fff) == 0 && PyErr_CheckSignals() < 0)
            return -1;
    }
    return 0;
}

/* Renumber the live cosets 1..k in order, dropping dead rows. The new numbers are kept in p
 * itself while the rows move (p[c] = -new number of a live c, 0 for a dead c; both <= 0, so a
 * live coset c' > c still reads p[c'] == c'), then p is reset to the identity on 1..k. */
static void compact(Enum *e)
{
    int n = e->n;
    int32_t *T = e->T, *p = e->p;
    int64_t top = e->nextfree, k = 0, alpha_new = 0;
    for (int64_t c = 1; c < top; c++) {
        if (p[c] == c) {
            k++;
            p[c] = (int32_t)-k;
            if (alpha_new == 0 && c >= e->alpha)
                alpha_new = k;
        } else {
            p[c] = 0;
        }
    }
    p[0] = 0;
    for (int64_t c = 1; c < top; c++) {
        if (p[c] < 0) {
            int64_t nc = -(int64_t)p[c];
            int32_t *src = T + c * n, *dst = T + nc * n;
            if (e->dw)
                done_set(e, nc, done_get(e, c));
            for (int x = 0; x < n; x++)
                dst[x] = -p[src[x]];
        }
    }
    /* the deduction stack, keeping the live entries in order */
    int64_t out = 0;
    for (int64_t s = 0; s < e->slen; s += 2) {
        int32_t a = e->stack[s];
        if (p[a] < 0) {
            e->stack[out++] = -p[a];
            e->stack[out++] = e->stack[s + 1];
        }
    }
    e->slen = out;
    for (int64_t c = 1; c <= k; c++)
        p[c] = (int32_t)c;
    e->alpha = alpha_new ? alpha_new : k + 1;
    e->nextfree = k + 1;
}

static void compress(Enum *e)
{
    e->ncompress++;
    compact(e);
}

static int grow(Enum *e)
{
    int64_t nc = e->cap * 2;
    if (nc > e->max_cosets)
        nc = e->max_cosets;
    int32_t *T = (int32_t *)realloc(e->T, (size_t)(nc + 1) * e->n * sizeof(int32_t));
    if (!T)
        return -1;
    e->T = T;
    int32_t *p = (int32_t *)realloc(e->p, (size_t)(nc + 1) * sizeof(int32_t));
    if (!p)
        return -1;
    e->p = p;
    if (e->dw) {
        uint8_t *dn = (uint8_t *)realloc(e->done, (size_t)(nc + 1) * (size_t)e->dw);
        if (!dn)
            return -1;
        e->done = dn;
    }
    /* p[c] is set when coset c is defined (nothing reads it beyond nextfree), so the new
     * rows of T and p stay untouched, and out of the resident memory, until they are used */
    e->cap = nc;
    return 0;
}

/* 1: room was made; 0: coset limit reached; -1: error (exception set). */
static int make_space(Enum *e)
{
    int64_t dead = e->nextfree - 1 - e->nlive;
    if (4 * dead >= e->cap) {
        compress(e);
        return 1;
    }
    if (e->cap < e->max_cosets) {
        if (!e->felsch && e->cap >= e->lookahead_from) {
            if (lookahead(e) < 0)
                return -1;
            dead = e->nextfree - 1 - e->nlive;
            if (4 * dead >= e->cap) {
                compress(e);
                return 1;
            }
        }
        if (grow(e) < 0) {
            PyErr_Format(PyExc_MemoryError,
                         "coset enumeration: cannot allocate a table of %lld cosets",
                         (long long)(2 * e->cap));
            return -1;
        }
        return 1;
    }
    if (!e->felsch) {
        if (lookahead(e) < 0)
            return -1;
        dead = e->nextfree - 1 - e->nlive;
    }
    if (dead > 0 && dead >= e->cap / 1000) {
        compress(e);
        return 1;
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Python type                                                                               */
/* ---------------------------------------------------------------------------------------- */

static void free_words(word_t *ws, int count)
{
    if (!ws)
        return;
    for (int i = 0; i < count; i++)
        free(ws[i].w);
    free(ws);
}

static void Enum_dealloc(Enum *e)
{
    free(e->inv);
    free_words(e->rels, e->nrel);
    free_words(e->hgens, e->nh);
    free_words(e->conj, e->nconj);
    free(e->cstart);
    free(e->T);
    free(e->p);
    free(e->done);
    free(e->queue);
    free(e->stack);
    Py_TYPE(e)->tp_free((PyObject *)e);
}

/* PySequence_Fast(obj) with exactly n items, or NULL with an exception set. */
static PyObject *fast_of_length(PyObject *obj, Py_ssize_t n, const char *what)
{
    PyObject *f = PySequence_Fast(obj, what);
    if (f && PySequence_Fast_GET_SIZE(f) != n) {
        Py_DECREF(f);
        PyErr_Format(PyExc_ValueError, "%s (expected %zd entries)", what, n);
        return NULL;
    }
    return f;
}

/* Convert a sequence of int sequences into words with letters in [0, ncols). */
static int read_words(PyObject *seq, int ncols, word_t **out, int *count)
{
    PyObject *fast = PySequence_Fast(seq, "expected a sequence of words");
    if (!fast)
        return -1;
    Py_ssize_t m = PySequence_Fast_GET_SIZE(fast);
    *count = 0;
    *out = (word_t *)calloc((size_t)(m ? m : 1), sizeof(word_t));
    if (!*out) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < m; i++) {
        PyObject *wf = PySequence_Fast(PySequence_Fast_GET_ITEM(fast, i), "expected a word");
        if (!wf)
            goto fail;
        Py_ssize_t len = PySequence_Fast_GET_SIZE(wf);
        if (len < 1 || len > INT32_MAX) {
            Py_DECREF(wf);
            PyErr_SetString(PyExc_ValueError, "words must be nonempty");
            goto fail;
        }
        int32_t *w = (int32_t *)malloc((size_t)len * sizeof(int32_t));
        if (!w) {
            Py_DECREF(wf);
            PyErr_NoMemory();
            goto fail;
        }
        (*out)[i].w = w;
        (*out)[i].len = (int)len;
        *count = (int)(i + 1);
        for (Py_ssize_t k = 0; k < len; k++) {
            long v = PyLong_AsLong(PySequence_Fast_GET_ITEM(wf, k));
            if (v == -1 && PyErr_Occurred()) {
                Py_DECREF(wf);
                goto fail;
            }
            if (v < 0 || v >= ncols) {
                Py_DECREF(wf);
                PyErr_SetString(PyExc_ValueError, "word letter out of column range");
                goto fail;
            }
            w[k] = (int32_t)v;
        }
        Py_DECREF(wf);
        int d;
        for (d = 1; d < len; d++) {
            if (len % d)
                continue;
            Py_ssize_t k = d;
            while (k < len && w[k] == w[k - d])
                k++;
            if (k == len)
                break;
        }
        (*out)[i].period = d;
    }
    Py_DECREF(fast);
    return 0;
fail:
    Py_DECREF(fast);
    return -1;
}

static int Enum_init(Enum *e, PyObject *args, PyObject *kwds)
{
    int ncols, strategy;
    PyObject *inv, *rels, *hgens, *conj;
    long long max_cosets, init_cap, lookahead_from = 1 << 20;
    if (!PyArg_ParseTuple(args, "iOOOOiLL|L", &ncols, &inv, &rels, &hgens, &conj, &strategy,
                          &max_cosets, &init_cap, &lookahead_from))
        return -1;
    if (e->T || e->inv || e->phase) {
        PyErr_SetString(PyExc_RuntimeError, "Enumerator already initialised");
        return -1;
    }
    if (ncols < 1 || max_cosets < 1 || max_cosets >= INT32_MAX - 1) {
        PyErr_SetString(PyExc_ValueError, "bad ncols or max_cosets");
        return -1;
    }
    e->n = ncols;
    e->inv = (int32_t *)malloc((size_t)ncols * sizeof(int32_t));
    if (!e->inv) {
        PyErr_NoMemory();
        return -1;
    }
    PyObject *invf = fast_of_length(inv, ncols, "inv must be a sequence of ncols columns");
    if (!invf)
        return -1;
    for (int x = 0; x < ncols; x++) {
        long v = PyLong_AsLong(PySequence_Fast_GET_ITEM(invf, x));
        if ((v == -1 && PyErr_Occurred()) || v < 0 || v >= ncols) {
            Py_DECREF(invf);
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "inv entry out of range");
            return -1;
        }
        e->inv[x] = (int32_t)v;
    }
    Py_DECREF(invf);
    if (read_words(rels, ncols, &e->rels, &e->nrel) < 0)
        return -1;
    int nbits = 0;
    for (int r = 0; r < e->nrel; r++) {
        if (e->rels[r].period < e->rels[r].len && nbits < 64)
            e->rels[r].bit = (uint64_t)1 << nbits++;
    }
    /* the bits are used by HLT only; Felsch keeps none */
    e->dw = (strategy == 1 || nbits == 0) ? 0 : nbits <= 8 ? 1 : nbits <= 16 ? 2 : nbits <= 32 ? 4 : 8;
    if (read_words(hgens, ncols, &e->hgens, &e->nh) < 0)
        return -1;
    /* conjugates: a list (per column) of lists of words */
    PyObject *cf = fast_of_length(conj, ncols, "conjugates must be a sequence of ncols lists");
    if (!cf)
        return -1;
    e->cstart = (int *)calloc((size_t)ncols + 1, sizeof(int));
    PyObject *flat = PyList_New(0);
    if (!e->cstart || !flat) {
        Py_DECREF(cf);
        Py_XDECREF(flat);
        PyErr_NoMemory();
        return -1;
    }
    for (int x = 0; x < ncols; x++) {
        PyObject *lst = PySequence_Fast(PySequence_Fast_GET_ITEM(cf, x), "expected a list");
        if (!lst) {
            Py_DECREF(cf);
            Py_DECREF(flat);
            return -1;
        }
        e->cstart[x] = (int)PyList_GET_SIZE(flat);
        for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(lst); k++)
            PyList_Append(flat, PySequence_Fast_GET_ITEM(lst, k));
        Py_DECREF(lst);
    }
    e->cstart[ncols] = (int)PyList_GET_SIZE(flat);
    Py_DECREF(cf);
    int rc = read_words(flat, ncols, &e->conj, &e->nconj);
    Py_DECREF(flat);
    if (rc < 0)
        return -1;
    for (int k = 0; k < e->nconj; k++) {
        int x = e->conj[k].w[0];
        if (k < e->cstart[x] || k >= e->cstart[x + 1]) {
            PyErr_SetString(PyExc_ValueError, "conjugate listed under the wrong column");
            return -1;
        }
    }
    e->felsch = strategy == 1;
    e->max_cosets = max_cosets;
    e->lookahead_from = lookahead_from;
    e->cap = init_cap < 1 ? 1 : (init_cap > max_cosets ? max_cosets : init_cap);
    e->T = (int32_t *)calloc((size_t)(e->cap + 1) * ncols, sizeof(int32_t));
    e->p = (int32_t *)malloc((size_t)(e->cap + 1) * sizeof(int32_t));
    e->done = e->dw ? (uint8_t *)calloc((size_t)(e->cap + 1), (size_t)e->dw) : NULL;
    if (!e->T || !e->p || (e->dw && !e->done)) {
        PyErr_NoMemory();
        return -1;
    }
    for (int64_t c = 0; c <= e->cap; c++)
        e->p[c] = (int32_t)c;
    e->nextfree = 2;
    e->nlive = e->maxlive = e->ndefined = 1;
    e->alpha = 1;
    return 0;
}

static PyObject *nomem(Enum *e)
{
    e->nomem = 0;
    return PyErr_NoMemory();
}

static PyObject *Enum_run(Enum *e, PyObject *args)
{
    long long budget;
    if (!PyArg_ParseTuple(args, "L", &budget))
        return NULL;
    if (e->phase >= 2)
        return PyLong_FromLong(DONE);
    if (!e->T) {
        PyErr_SetString(PyExc_RuntimeError, "Enumerator not initialised");
        return NULL;
    }
    int n = e->n;
    int32_t *p;
    int ms;
    if (e->phase == 0) {
        while (e->hpos < e->nh) {
            if (!scan_and_fill(e, 1, &e->hgens[e->hpos])) {
                ms = make_space(e);
                if (ms <= 0)
                    return ms < 0 ? NULL : PyLong_FromLong(LIMIT);
                continue;
            }
            e->hpos++;
            process_deductions(e);
            if (e->nomem)
                return nomem(e);
        }
        e->phase = 1;
        e->alpha = 1;
    }
    if (e->phase == 2)
        return PyLong_FromLong(DONE);
    int64_t tick = 0;
    while (budget > 0) {
        p = e->p;
        int64_t a = e->alpha;
        while (a < e->nextfree && p[a] != a)
            a++;
        e->alpha = a;
        if (a >= e->nextfree) {
            e->phase = 2;
            return PyLong_FromLong(DONE);
        }
        int full = 0;
        if (e->felsch) {
            for (int x = 0; x < n; x++) {
                if (e->T[a * n + x] == 0) {
                    if (!define(e, (int32_t)a, x)) {
                        full = 1;
                        break;
                    }
                    process_deductions(e);
                    if (e->nomem)
                        return nomem(e);
                    if (p[a] != a)
                        break;
                }
            }
        } else {
            for (int r = 0; r < e->nrel; r++) {
                const word_t *wd = &e->rels[r];
                if (wd->bit && (done_get(e, a) & wd->bit))
                    continue;
                if (!scan_and_fill(e, (int32_t)a, wd)) {
                    full = 1;
                    break;
                }
                if (p[a] != a)
                    break;
                if (wd->bit)
                    mark_closed(e, (int32_t)a, wd);
            }
            if (!full && p[a] == a) {
                int32_t *row = e->T + a * n;
                for (int x = 0; x < n; x++) {
                    if (row[x] == 0 && !define(e, (int32_t)a, x)) {
                        full = 1;
                        break;
                    }
                }
            }
        }
        if (full) {
            ms = make_space(e);
            if (ms <= 0)
                return ms < 0 ? NULL : PyLong_FromLong(LIMIT);
            continue;
        }
        if (e->nomem)
            return nomem(e);
        if (p[a] == a)
            e->alpha = a + 1;
        budget--;
        if ((++tick & 0x3ff) == 0 && PyErr_CheckSignals() < 0)
            return NULL;
    }
    return PyLong_FromLong(RUNNING);
}

static PyObject *Enum_stats(Enum *e, PyObject *Py_UNUSED(ignored))
{
    return Py_BuildValue("(LLLLLLL)", (long long)e->ndefined, (long long)e->nlive,
                         (long long)e->maxlive, (long long)e->ncoinc,
                         (long long)e->nlookahead, (long long)e->ncompress, (long long)e->cap);
}

/* Read a sequence of column numbers into a malloc'ed int array (exception set on failure). */
static int *read_columns(PyObject *obj, int ncols, Py_ssize_t *count)
{
    PyObject *of = PySequence_Fast(obj, "expected a sequence of columns");
    if (!of)
        return NULL;
    Py_ssize_t m = PySequence_Fast_GET_SIZE(of);
    int *cols = (int *)malloc((size_t)(m ? m : 1) * sizeof(int));
    if (!cols) {
        Py_DECREF(of);
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t k = 0; k < m; k++) {
        long v = PyLong_AsLong(PySequence_Fast_GET_ITEM(of, k));
        if (v < 0 || v >= ncols) {
            free(cols);
            Py_DECREF(of);
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "column out of range");
            return NULL;
        }
        cols[k] = (int)v;
    }
    Py_DECREF(of);
    *count = m;
    return cols;
}

/* Free the enumeration state that result() no longer needs. */
static void release_work(Enum *e)
{
    free(e->p);
    e->p = NULL;
    free(e->done);
    e->done = NULL;
    e->dw = 0;
    free(e->queue);
    e->queue = NULL;
    e->qcap = e->qlen = 0;
    free(e->stack);
    e->stack = NULL;
    e->scap = e->slen = 0;
}

#define BIT_GET(m, c) (((m)[(c) >> 3] >> ((c) & 7)) & 1)
#define BIT_SET(m, c) ((m)[(c) >> 3] |= (uint8_t)(1u << ((c) & 7)))

/* Rows of T are the live cosets 1..live (compacted); old[i] (i < live) is the row that becomes
 * row i in BFS order. Renumber in place with no full-size temporary besides old and the bitmap
 * `mark` (1 bit per row, all clear on entry): (1) rows move along the cycles of i <- old[i]
 * with one spare row, `mark` flagging the targets already filled (the chain through the
 * unused row 0 ends at row `live`, which is no target); (2) old is inverted in place (sign bit
 * as the "visited" flag) into newnum[c - 1] = new number of old coset c; (3) every entry is
 * relabelled in one sequential pass. On return old holds that inverse. */
static int renumber_rows(Enum *e, int32_t *old, uint8_t *mark, int64_t live)
{
    int n = e->n;
    int32_t *T = e->T;
    int32_t tmp[64];
    int32_t *spare = n <= 64 ? tmp : (int32_t *)malloc((size_t)n * sizeof(int32_t));
    if (!spare)
        return -1;
    for (int64_t i = 0; i < live; i++) {
        if (BIT_GET(mark, i))
            continue;
        int have_spare = 0;
        if (i > 0) { /* a cycle: save row i, it is overwritten first */
            memcpy(spare, T + i * n, (size_t)n * sizeof(int32_t));
            have_spare = 1;
        }
        int64_t j = i;
        for (;;) {
            int64_t src = old[j];
            BIT_SET(mark, j);
            if (have_spare && src == i) {
                memcpy(T + j * n, spare, (size_t)n * sizeof(int32_t));
                break;
            }
            memcpy(T + j * n, T + src * n, (size_t)n * sizeof(int32_t));
            if (src >= live || BIT_GET(mark, src))
                break; /* the source row is no target, or already done */
            j = src;
        }
    }
    if (spare != tmp)
        free(spare);
    /* q[i] = old[i] - 1 is a permutation of 0..live-1; invert it in place, cycle by cycle,
     * storing ~value (negative) in the entries already done */
    for (int64_t i = 0; i < live; i++)
        old[i] -= 1;
    for (int64_t i = 0; i < live; i++) {
        if (old[i] < 0)
            continue;
        int32_t prev = (int32_t)i, cur = old[i];
        while (cur != (int32_t)i) {
            int32_t nxt = old[cur];
            old[cur] = ~prev;
            prev = cur;
            cur = nxt;
        }
        old[i] = ~prev;
    }
    for (int64_t i = 0; i < live; i++)
        old[i] = ~old[i];
    const int32_t *newnum = old - 1; /* newnum[c] for old cosets c = 1..live */
    for (int64_t k = 0; k < live * (int64_t)n; k++)
        T[k] = newnum[T[k]];
    return 0;
}

/* T holds `live` rows of n entries (row-major). Rewrite it in place as the rows[0..nr) columns,
 * each contiguous (column-major), by peeling one column at a time off the right end into the
 * spare buffer `col` (live entries) and compacting the rest: O(live n^2 / 2) sequential moves,
 * one column of extra memory. Columns not in rows are dropped. */
static int transpose_columns(Enum *e, int64_t live, const int *rows, Py_ssize_t nr, int32_t *col)
{
    int n = e->n;
    int32_t *T = e->T;
    int slot[256], curbuf[256];
    int *where = n <= 256 ? slot : (int *)malloc((size_t)n * sizeof(int));
    int *cur = n <= 256 ? curbuf : (int *)malloc((size_t)n * sizeof(int));
    if (!where || !cur) {
        if (where != slot)
            free(where);
        if (cur != curbuf)
            free(cur);
        return -1;
    }
    /* final position of each column: requested ones in order, then the others */
    for (int x = 0; x < n; x++)
        where[x] = -1;
    for (Py_ssize_t r = 0; r < nr; r++)
        where[rows[r]] = (int)r;
    int next = (int)nr;
    for (int x = 0; x < n; x++)
        if (where[x] < 0)
            where[x] = next++;
    /* cur[j]: the column currently at position j of the row-major block of width w */
    for (int x = 0; x < n; x++)
        cur[x] = x;
    for (int w = n; w >= 1; w--) {
        /* the column whose final position is w - 1 */
        int pos = 0;
        while (where[cur[pos]] != w - 1)
            pos++;
        for (int64_t r = 0; r < live; r++)
            col[r] = T[r * w + pos];
        /* compact to width w - 1, dropping position pos (moves only leftwards) */
        if (w > 1) {
            for (int64_t r = 0; r < live; r++) {
                const int32_t *src = T + r * w;
                int32_t *dst = T + r * (w - 1);
                for (int j = 0; j < pos; j++)
                    dst[j] = src[j];
                for (int j = pos + 1; j < w; j++)
                    dst[j - 1] = src[j];
            }
        }
        for (int j = pos + 1; j < w; j++)
            cur[j - 1] = cur[j];
        memcpy(T + (int64_t)(w - 1) * live, col, (size_t)live * sizeof(int32_t));
    }
    if (where != slot)
        free(where);
    if (cur != curbuf)
        free(cur);
    return 0;
}

static PyObject *Enum_result(Enum *e, PyObject *args)
{
    PyObject *order_obj, *rows_obj;
    if (!PyArg_ParseTuple(args, "OO", &order_obj, &rows_obj))
        return NULL;
    if (e->phase != 2 || !e->T) {
        PyErr_SetString(PyExc_RuntimeError,
                        e->phase == 3 ? "result() was already taken" : "enumeration not finished");
        return NULL;
    }
    int n = e->n;
    Py_ssize_t no, nr;
    int *order = read_columns(order_obj, n, &no);
    if (!order)
        return NULL;
    int *rows = read_columns(rows_obj, n, &nr);
    if (!rows) {
        free(order);
        return NULL;
    }
    for (Py_ssize_t r = 0; r < nr; r++)
        for (Py_ssize_t q = 0; q < r; q++)
            if (rows[q] == rows[r]) {
                free(order);
                free(rows);
                PyErr_SetString(PyExc_ValueError, "rows must be distinct columns");
                return NULL;
            }
    /* live rows 1..live, then only the table is kept, shrunk to them */
    if (e->nextfree - 1 != e->nlive)
        compact(e);
    release_work(e);
    int64_t live = e->nlive, top = live + 1;
    int32_t *T = (int32_t *)realloc(e->T, (size_t)top * n * sizeof(int32_t));
    if (T)
        e->T = T;
    T = e->T;
    e->cap = live;
    e->phase = 3;
    /* besides the table: old (4 bytes per coset) and one bit per coset */
    int32_t *old = (int32_t *)malloc((size_t)live * sizeof(int32_t));
    uint8_t *mark = (uint8_t *)calloc((size_t)(top + 7) / 8, 1);
    PyObject *ret = NULL;
    int ok = 0;
    if (!old || !mark) {
        PyErr_NoMemory();
        goto done;
    }
    int64_t len = 1;
    old[0] = 1;
    BIT_SET(mark, 1);
    for (int64_t i = 0; i < len; i++) {
        int32_t *row = T + (int64_t)old[i] * n;
        for (Py_ssize_t k = 0; k < no; k++) {
            int32_t d = row[order[k]];
            if (d <= 0 || d >= top) {
                PyErr_SetString(PyExc_RuntimeError, "coset table is not closed (internal)");
                goto done;
            }
            if (!BIT_GET(mark, d)) {
                if (len >= live) {
                    PyErr_SetString(PyExc_RuntimeError, "coset count mismatch (internal)");
                    goto done;
                }
                BIT_SET(mark, d);
                old[len++] = d;
            }
        }
    }
    if (len != live) {
        PyErr_SetString(PyExc_RuntimeError, "coset table is not connected (internal)");
        goto done;
    }
    memset(mark, 0, (size_t)(top + 7) / 8);
    if (renumber_rows(e, old, mark, live) < 0) {
        PyErr_NoMemory();
        goto done;
    }
    free(mark);
    mark = NULL;
    if (transpose_columns(e, live, rows, nr, old) < 0) { /* old: the spare column */
        PyErr_NoMemory();
        goto done;
    }
    e->outlen = (int64_t)nr * live;
    T = (int32_t *)realloc(e->T, (size_t)(e->outlen ? e->outlen : 1) * sizeof(int32_t));
    if (T)
        e->T = T;
    ok = 1;
    Py_INCREF(e);
    ret = (PyObject *)e;
done:
    free(order);
    free(rows);
    free(mark);
    free(old);
    if (!ok) {
        free(e->T);
        e->T = NULL;
    }
    return ret;
}

/* Buffer protocol: after result(), the Enumerator exposes the output table (read-only int32),
 * so numpy wraps it without a copy (np.frombuffer keeps the Enumerator alive). */
static int Enum_getbuffer(Enum *e, Py_buffer *view, int flags)
{
    if (e->phase != 3 || !e->T) {
        PyErr_SetString(PyExc_BufferError, "the Enumerator exposes its table only after result()");
        view->obj = NULL;
        return -1;
    }
    if (PyBuffer_FillInfo(view, (PyObject *)e, e->T, (Py_ssize_t)(e->outlen * 4), 1, flags) < 0)
        return -1;
    e->exports++;
    return 0;
}

static void Enum_releasebuffer(Enum *e, Py_buffer *view)
{
    (void)view;
    e->exports--;
}

static PyBufferProcs Enum_as_buffer = {
    .bf_getbuffer = (getbufferproc)Enum_getbuffer,
    .bf_releasebuffer = (releasebufferproc)Enum_releasebuffer,
};

static PyMethodDef Enum_methods[] = {
    {"run", (PyCFunction)Enum_run, METH_VARARGS,
     "run(budget) -> 0 (running), 1 (done) or 2 (coset limit reached)"},
    {"stats", (PyCFunction)Enum_stats, METH_NOARGS,
     "(defined, live, max_live, coincidences, lookaheads, compressions, capacity)"},
    {"result", (PyCFunction)Enum_result, METH_VARARGS,
     "result(column_order, rows) -> self, whose buffer is then the int32 table in BFS order "
     "(one row per column in rows); frees the state"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject EnumType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "groupmat.algebra._coset_kernel.Enumerator",
    .tp_basicsize = sizeof(Enum),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Resumable Todd-Coxeter enumeration state (see _coset_python.PyEnumerator).",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Enum_init,
    .tp_dealloc = (destructor)Enum_dealloc,
    .tp_methods = Enum_methods,
    .tp_as_buffer = &Enum_as_buffer,
};

static struct PyModuleDef kernel_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "groupmat.algebra._coset_kernel",
    .m_doc = "Compiled Todd-Coxeter kernel (HLT + lookahead, Felsch) for groupmat.",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__coset_kernel(void)
{
    if (PyType_Ready(&EnumType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&kernel_module);
    if (!m)
        return NULL;
    Py_INCREF(&EnumType);
    if (PyModule_AddObject(m, "Enumerator", (PyObject *)&EnumType) < 0) {
        Py_DECREF(&EnumType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
