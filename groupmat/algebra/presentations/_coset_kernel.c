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
 * int32 entries, and nothing else is kept per coset (as in ACE): a coset c is live iff its
 * first entry T[c][0] >= 0. The twin's forwarding array p[] lives in the coincidence queue:
 * when coset b dies (merged into a < b), the queue gets the entry (b, fwd = a, col0 = the first
 * entry of b's row) and T[b][0] becomes -(its queue position + 1). rep() follows fwd through
 * the queue (with path compression, as the twin does on p[]); the processing of b reads col0
 * for column 0; clearing the first entry of a dead row that is still queued clears its col0
 * (a row already processed is never read again, so its forwarding stays intact). No live row
 * refers to a dead coset once a coincidence wave is over, and between waves only liveness is
 * asked of a dead coset, so the queue (12 bytes per entry, its capacity doubling from 1024 to
 * hold the largest wave) is reused by the next wave. The steps are exactly the twin's; `inv`
 * must be an involution (checked), or a dead row's marker could be read as a coset.
 *
 * Memory (per coset of capacity): 4 bytes per column for T; HLT adds 1, 2, 4 or 8 bytes for
 * the closed-relator bits (as many as it has proper-power relators, none for Felsch); the
 * coincidence queue and the deduction stack grow on demand (rows beyond the last defined coset
 * are never touched, so they cost address space, not memory). Compaction renumbers through a
 * live-coset bitmap with a count per 64 cosets (1.5 bits per coset, freed after). result()
 * compacts T to the live rows, frees everything else, renumbers the rows into BFS order by
 * swapping pairs of cosets in place, and transposes the requested columns in place along the
 * cycles of the transposition: its peak is the live table plus one bit per entry.
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

/* A coset b merged into fwd (< b at the time) during the current coincidence wave; col0 is
 * the first entry of b's row, whose place in T holds -(queue position + 1). */
typedef struct {
    int32_t coset, fwd, col0;
} qent_t;

#define LIVE(e, c) ((e)->T[(int64_t)(c) * (e)->n] >= 0)

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
    uint8_t *done;  /* HLT, per coset: bits of power relators known to be closed there */
    int dw;         /* bytes per entry of done (1, 2, 4 or 8); 0: no bits kept */
    qent_t *queue;  /* coincidence queue (and forwarding of dead cosets), grown on demand */
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

/* The live coset c is equal to (a dead coset of this wave follows its forwarding). */
static inline int32_t rep(Enum *e, int32_t c)
{
    const int32_t *T = e->T;
    qent_t *q = e->queue;
    int64_t n = e->n;
    int32_t r = c, v;
    while ((v = T[r * n]) < 0)
        r = q[-(int64_t)v - 1].fwd;
    while (c != r) {
        qent_t *ent = &q[-(int64_t)T[c * n] - 1];
        c = ent->fwd;
        ent->fwd = r;
    }
    return r;
}

static inline void merge(Enum *e, int32_t a, int32_t b)
{
    a = rep(e, a);
    b = rep(e, b);
    if (a == b)
        return;
    if (a > b) {
        int32_t t = a;
        a = b;
        b = t;
    }
    if (e->qlen >= e->qcap) {
        int64_t nc = e->qcap ? 2 * e->qcap : 1024;
        qent_t *q = (qent_t *)realloc(e->queue, (size_t)nc * sizeof(qent_t));
        if (!q) { /* keep going without queueing; the caller reports MemoryError */
            e->nomem = 1;
            return;
        }
        e->queue = q;
        e->qcap = nc;
    }
    int32_t *first = e->T + (int64_t)b * e->n;
    qent_t *ent = &e->queue[e->qlen];
    ent->coset = b;
    ent->fwd = a;
    ent->col0 = *first;
    *first = (int32_t)(-(e->qlen + 1));
    e->qlen++;
    if (e->dw)
        done_set(e, a, done_get(e, a) | done_get(e, b));
    e->nlive--;
    e->ncoinc++;
}

static void coincidence(Enum *e, int32_t a, int32_t b)
{
    int n = e->n;
    int32_t *T = e->T, *inv = e->inv;
    int64_t i = 0;
    e->qlen = 0;
    merge(e, a, b);
    while (i < e->qlen) {
        int32_t g = e->queue[i++].coset;
        int64_t gbase = (int64_t)g * n;
        for (int x = 0; x < n; x++) {
            int32_t d = x ? T[gbase + x] : e->queue[i - 1].col0;
            if (!d)
                continue;
            int xi = inv[x];
            int32_t *slot = T + (int64_t)d * n + xi;
            if (xi || *slot >= 0) {
                *slot = 0;
            } else { /* the first entry of a dead row: its col0, if d is still queued */
                int64_t qd = -(int64_t)*slot - 1;
                if (qd >= i)
                    e->queue[qd].col0 = 0;
            }
            int32_t mu = rep(e, g), nu = rep(e, d);
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
    while (e->slen > 0) {
        int32_t x = e->stack[--e->slen];
        int32_t a = e->stack[--e->slen];
        if (!LIVE(e, a))
            continue;
        for (int k = e->cstart[x]; k < e->cstart[x + 1]; k++) {
            scan(e, a, &e->conj[k]);
            if (!LIVE(e, a))
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
    e->nlookahead++;
    for (int64_t c = e->alpha; c < e->nextfree; c++) {
        for (int r = 0; r < e->nrel; r++) {
            if (!LIVE(e, c))
                break;
            if (!(done_get(e, c) & e->rels[r].bit))
                scan(e, (int32_t)c, &e->rels[r]);
        }
        if ((c & 0x3fff) == 0 && PyErr_CheckSignals() < 0)
            return -1;
    }
    return 0;
}

/* Live cosets below 64 w + b (b < 64), counted from the bitmap `live` and the counts `base`
 * of its first w words. */
static inline int64_t live_rank(const uint64_t *live, const int32_t *base, int64_t c)
{
    uint64_t below = live[c >> 6] & ((UINT64_C(1) << (c & 63)) - 1);
#if defined(__GNUC__) || defined(__clang__)
    return base[c >> 6] + __builtin_popcountll(below);
#else
    int64_t k = 0;
    for (; below; below &= below - 1)
        k++;
    return base[c >> 6] + k;
#endif
}

/* Renumber the live cosets 1..k in order, dropping dead rows. The new number of a live coset c
 * is 1 + the number of live cosets below it, read from a bitmap of the live cosets and a count
 * per 64 of them (1.5 bits per coset, freed on return); a dead coset maps to 0, as in the twin.
 * Rows move only downwards, so each is read before it is overwritten. Returns -1 when the
 * bitmap cannot be allocated (nothing changed). */
static int compact(Enum *e)
{
    int n = e->n;
    int32_t *T = e->T;
    int64_t top = e->nextfree, words = (top + 63) / 64, k = 0, alpha_new = 0;
    uint64_t *live = (uint64_t *)calloc((size_t)words, sizeof(uint64_t));
    int32_t *base = (int32_t *)malloc((size_t)words * sizeof(int32_t)); /* < 2^31 cosets */
    if (!live || !base) {
        free(live);
        free(base);
        return -1;
    }
    for (int64_t c = 1; c < top; c++)
        if (LIVE(e, c))
            live[c >> 6] |= UINT64_C(1) << (c & 63);
    for (int64_t w = 0; w < words; w++) {
        base[w] = (int32_t)k;
#if defined(__GNUC__) || defined(__clang__)
        k += __builtin_popcountll(live[w]);
#else
        for (uint64_t v = live[w]; v; v &= v - 1)
            k++;
#endif
    }
#define NEWNUM(c) ((live[(c) >> 6] >> ((c) & 63)) & 1 ? (int32_t)(live_rank(live, base, (c)) + 1) : 0)
    for (int64_t c = 1; c < top; c++) {
        if (!((live[c >> 6] >> (c & 63)) & 1))
            continue;
        int64_t nc = live_rank(live, base, c) + 1;
        if (alpha_new == 0 && c >= e->alpha)
            alpha_new = nc;
        int32_t *src = T + c * n, *dst = T + nc * n;
        if (e->dw)
            done_set(e, nc, done_get(e, c));
        for (int x = 0; x < n; x++) {
            int32_t v = src[x];
            dst[x] = NEWNUM(v);
        }
    }
    /* the deduction stack, keeping the live entries in order */
    int64_t out = 0;
    for (int64_t s = 0; s < e->slen; s += 2) {
        int32_t a = e->stack[s];
        if ((live[a >> 6] >> (a & 63)) & 1) {
            e->stack[out++] = (int32_t)(live_rank(live, base, a) + 1);
            e->stack[out++] = e->stack[s + 1];
        }
    }
#undef NEWNUM
    e->slen = out;
    free(live);
    free(base);
    e->alpha = alpha_new ? alpha_new : k + 1;
    e->nextfree = k + 1;
    return 0;
}

/* 1: compressed; -1: no memory for the bitmap (exception set). */
static int compress(Enum *e)
{
    if (compact(e) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    e->ncompress++;
    return 1;
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
    if (e->dw) {
        uint8_t *dn = (uint8_t *)realloc(e->done, (size_t)(nc + 1) * (size_t)e->dw);
        if (!dn)
            return -1;
        e->done = dn;
    }
    /* a row is written when its coset is defined (nothing reads it beyond nextfree), so the
     * new rows stay untouched, and out of the resident memory, until they are used */
    e->cap = nc;
    return 0;
}

/* 1: room was made; 0: coset limit reached; -1: error (exception set). */
static int make_space(Enum *e)
{
    int64_t dead = e->nextfree - 1 - e->nlive;
    if (4 * dead >= e->cap)
        return compress(e);
    if (e->cap < e->max_cosets) {
        if (!e->felsch && e->cap >= e->lookahead_from) {
            if (lookahead(e) < 0)
                return -1;
            dead = e->nextfree - 1 - e->nlive;
            if (4 * dead >= e->cap)
                return compress(e);
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
    if (dead > 0 && dead >= e->cap / 1000)
        return compress(e);
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
    for (int x = 0; x < ncols; x++) { /* a dead row's marker relies on consistent inverses */
        if (e->inv[e->inv[x]] != x) {
            PyErr_SetString(PyExc_ValueError, "inv must be an involution (inv[inv[x]] == x)");
            return -1;
        }
    }
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
    e->done = e->dw ? (uint8_t *)calloc((size_t)(e->cap + 1), (size_t)e->dw) : NULL;
    if (!e->T || (e->dw && !e->done)) {
        PyErr_NoMemory();
        return -1;
    }
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
    int ms;
    if (e->phase == 0) {
        while (e->hpos < e->nh) {
            if (!scan_and_fill(e, 1, &e->hgens[e->hpos])) {
                ms = make_space(e);
                if (ms <= 0)
                    return ms < 0 ? NULL : PyLong_FromLong(LIMIT);
                if (e->nomem) /* a lookahead's coincidence could not queue */
                    return nomem(e);
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
        int64_t a = e->alpha;
        while (a < e->nextfree && !LIVE(e, a))
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
                    if (!LIVE(e, a))
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
                if (!LIVE(e, a))
                    break;
                if (wd->bit)
                    mark_closed(e, (int32_t)a, wd);
            }
            if (!full && LIVE(e, a)) {
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
            if (e->nomem) /* a lookahead's coincidence could not queue */
                return nomem(e);
            continue;
        }
        if (e->nomem)
            return nomem(e);
        if (LIVE(e, a))
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

/* Exchange the numbers of cosets a != b in a complete table (T <- s T s for s = (a b)): the
 * slots holding a are (T[a][inv z], z) over the columns z, as every column is a permutation
 * of the cosets, and those holding b likewise; all 2n are found before any is written, then
 * the two rows swap. O(n); ra and rb are n-entry scratch. */
static void swap_cosets(int32_t *T, int n, const int32_t *inv, int32_t a, int32_t b,
                        int32_t *ra, int32_t *rb)
{
    int32_t *rowa = T + (int64_t)a * n, *rowb = T + (int64_t)b * n;
    for (int z = 0; z < n; z++) {
        ra[z] = rowa[inv[z]];
        rb[z] = rowb[inv[z]];
    }
    for (int z = 0; z < n; z++) {
        T[(int64_t)ra[z] * n + z] = b;
        T[(int64_t)rb[z] * n + z] = a;
    }
    for (int z = 0; z < n; z++) {
        int32_t t = rowa[z];
        rowa[z] = rowb[z];
        rowb[z] = t;
    }
}

/* Renumber the complete table (rows 1..live) into BFS order over the columns `order`, in
 * place (HEO section 5.1, standardized coset tables): walking the rows in their new order, the first time a
 * coset d >= next is reached it is swapped with next. Returns 0, -1 (no memory) or -2 (the
 * walk does not reach every coset). */
static int standardise(Enum *e, int64_t live, const int *order, Py_ssize_t no)
{
    int n = e->n;
    int32_t *T = e->T;
    int32_t buf[512];
    int32_t *ra = n <= 256 ? buf : (int32_t *)malloc(2 * (size_t)n * sizeof(int32_t));
    if (!ra)
        return -1;
    int32_t *rb = ra + n;
    int64_t next = 2;
    for (int64_t i = 1; i < next; i++) {
        const int32_t *row = T + i * n;
        for (Py_ssize_t k = 0; k < no; k++) {
            int32_t d = row[order[k]];
            if (d >= next) {
                if (d != next)
                    swap_cosets(T, n, e->inv, d, (int32_t)next, ra, rb);
                next++;
            }
        }
    }
    if (ra != buf)
        free(ra);
    return next - 1 == live ? 0 : -2;
}

#define TBLK 1024 /* rows per block of the transposition */

/* T holds `live` rows of n entries (row-major, entries 0-based). Rewrite it in place as the
 * rows[0..nr) columns, each contiguous (column-major), the other columns after them (the
 * caller truncates), in three sequential stages with O(TBLK n) scratch and one bit per
 * TBLK-entry segment: (1) each block of TBLK rows is transposed through a buffer into n
 * segments (block q, column j); (2) the segments move to column-major order j Q + q along the
 * cycles of that permutation (Q full blocks), one memcpy per move; (3) the last live % TBLK
 * rows are set aside, the columns spread to their final offsets j live, and the set-aside
 * entries appended to each column. O(live n) moves. */
static int transpose_columns(Enum *e, int64_t live, const int *rows, Py_ssize_t nr)
{
    int n = e->n;
    int32_t *T = e->T;
    int64_t nq = live / TBLK, rem = live % TBLK, nseg = nq * n;
    size_t segbytes = TBLK * sizeof(int32_t);
    int *from = (int *)malloc((size_t)n * sizeof(int));
    int32_t *buf = (int32_t *)malloc((size_t)TBLK * n * sizeof(int32_t));
    int32_t *v = (int32_t *)malloc(segbytes), *t = (int32_t *)malloc(segbytes);
    uint8_t *mark = (uint8_t *)calloc((size_t)(nseg + 7) / 8 + 1, 1);
    int rc = -1;
    if (!from || !buf || !v || !t || !mark)
        goto out;
    /* from[j]: the column that goes to position j */
    int next = (int)nr;
    for (Py_ssize_t r = 0; r < nr; r++)
        from[r] = rows[r];
    for (int x = 0; x < n; x++) {
        int used = 0;
        for (Py_ssize_t r = 0; r < nr; r++)
            used |= rows[r] == x;
        if (!used)
            from[next++] = x;
    }
    for (int64_t q = 0; q < nq; q++) { /* (1) */
        int32_t *blk = T + q * TBLK * n;
        for (int64_t i = 0; i < TBLK; i++)
            for (int j = 0; j < n; j++)
                buf[(int64_t)j * TBLK + i] = blk[i * n + from[j]];
        memcpy(blk, buf, (size_t)TBLK * n * sizeof(int32_t));
    }
    for (int64_t s = 1; s + 1 < nseg; s++) { /* (2) */
        if (BIT_GET(mark, s))
            continue;
        memcpy(v, T + s * TBLK, segbytes);
        int64_t k = s;
        do {
            int64_t d = (k % n) * nq + k / n;
            memcpy(t, T + d * TBLK, segbytes);
            memcpy(T + d * TBLK, v, segbytes);
            int32_t *swap = v;
            v = t;
            t = swap;
            BIT_SET(mark, d);
            k = d;
        } while (k != s);
    }
    if (rem) { /* (3) */
        const int32_t *tail = T + nq * TBLK * n;
        for (int64_t i = 0; i < rem; i++)
            for (int j = 0; j < n; j++)
                buf[(int64_t)j * rem + i] = tail[i * n + from[j]];
        for (int j = n - 1; j >= 1; j--)
            memmove(T + (int64_t)j * live, T + (int64_t)j * nq * TBLK, segbytes * (size_t)nq);
        for (int j = 0; j < n; j++)
            memcpy(T + (int64_t)j * live + nq * TBLK, buf + (int64_t)j * rem,
                   (size_t)rem * sizeof(int32_t));
    }
    rc = 0;
out:
    free(from);
    free(buf);
    free(v);
    free(t);
    free(mark);
    return rc;
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
    if (e->nextfree - 1 != e->nlive && compact(e) < 0) {
        free(order);
        free(rows);
        return PyErr_NoMemory();
    }
    release_work(e);
    int64_t live = e->nlive, top = live + 1;
    int32_t *T = (int32_t *)realloc(e->T, (size_t)top * n * sizeof(int32_t));
    if (T)
        e->T = T;
    T = e->T;
    e->cap = live;
    e->phase = 3;
    PyObject *ret = NULL;
    int ok = 0, rc;
    /* the swaps need a complete table: every entry a coset */
    for (int64_t k = n; k < top * n; k++) {
        if (T[k] <= 0 || T[k] > live) {
            PyErr_SetString(PyExc_RuntimeError, "coset table is not closed (internal)");
            goto done;
        }
    }
    rc = standardise(e, live, order, no);
    if (rc < 0) {
        if (rc == -1)
            PyErr_NoMemory();
        else
            PyErr_SetString(PyExc_RuntimeError, "coset table is not connected (internal)");
        goto done;
    }
    /* 0-based rows 0..live-1: drop row 0 and subtract 1 in one forward pass */
    for (int64_t k = 0; k < live * (int64_t)n; k++)
        T[k] = T[k + n] - 1;
    if (transpose_columns(e, live, rows, nr) < 0) {
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
