package markdown

import (
	"testing"
	"testing/fstest"

	"github.com/anthology-book/anthology/internal/source/markdown/dialect"
)

// TestSiteMath finds the single dollar a site's page scripts make a
// delimiter, and a Zola site's shortcodes that only wrap a formula.
func TestSiteMath(t *testing.T) {
	fsys := fstest.MapFS{
		"hugo/themes/paper/layouts/partials/math.html": {Data: []byte(`<script>renderMathInElement(document.body, {delimiters: [{left: "$$", right: "$$", display: true}, {left: "$", right: "$", display: false}]});</script>`)},
		"hugo/layouts/_default/single.html":            {Data: []byte(`{{ .Content }}`)},
		"jekyll/_includes/mathjax.html":                {Data: []byte(`MathJax = {tex: {inlineMath: [['$', '$'], ['\\(', '\\)']]}};`)},
		"plain/layouts/_default/single.html":           {Data: []byte(`<script>renderMathInElement(document.body)</script>`)},
		"eleventy/.eleventy.js":                        {Data: []byte(`const md = require("markdown-it")().use(require("@iktakahiro/markdown-it-katex"));`)},
		"zola/templates/shortcodes/m.html":             {Data: []byte("{# inline #}\n${{ body }}$\n")},
		"zola/templates/shortcodes/math.html":          {Data: []byte(`$$ {{ body | safe }} $$`)},
		"zola/templates/shortcodes/note.html":          {Data: []byte(`<aside>{{ body | markdown | safe }}</aside>`)},
	}
	for _, c := range []struct {
		dir     string
		site    siteKind
		dollar  bool
		escaped bool
	}{
		{"hugo", hugoSite, true, true},
		{"jekyll", jekyllSite, true, false},
		{"plain", hugoSite, false, true},
	} {
		delims, escaped := siteMath(fsys, c.dir, c.site, nil)
		if got := len(delims) == 1 && delims[0].Open == "$" && delims[0].Escaped; got != c.dollar || escaped != c.escaped {
			t.Errorf("%s: delimiters %v, escaped %v; want a single dollar %v, escaped %v", c.dir, delims, escaped, c.dollar, c.escaped)
		}
	}
	if delims, escaped := siteMath(fsys, "hugo", hugoSite, []dialect.Delimiters{{Open: `\(`, Close: `\)`}}); len(delims) != 1 || delims[0].Open != `\(` || escaped {
		t.Errorf("a config's delimiters: %v, %v; want them alone, as written", delims, escaped)
	}
	if delims, escaped := siteMath(fsys, "eleventy", eleventySite, nil); len(delims) != 2 || escaped || delims[1].Open != "$" || delims[1].Loose || delims[1].Escaped {
		t.Errorf("Eleventy with markdown-it-katex: %+v, %v; want $$ and a strict $, as written", delims, escaped)
	}
	rules := zolaMathShortcodes(fsys, "zola")
	if len(rules) != 2 || rules["m"].As != "math" || rules["m"].Label == dialect.DisplayMath || rules["math"].Label != dialect.DisplayMath {
		t.Errorf("Zola's math shortcodes: %v", rules)
	}
}
