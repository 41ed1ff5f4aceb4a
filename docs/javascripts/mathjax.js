window.MathJax = {
  tex: {
    // \(...\) from pymdownx.arithmatex; $...$ in the rendered notebooks' markdown cells
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true
  },
  options: {
    ignoreHtmlClass: ".*|",
    // only arithmatex output and notebook markdown cells are typeset
    processHtmlClass: "arithmatex|jp-RenderedMarkdown"
  }
};

document$.subscribe(() => {
  MathJax.typesetPromise()
})
