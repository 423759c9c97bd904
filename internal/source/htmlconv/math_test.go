package htmlconv

import (
	"strings"
	"testing"
)

// TestRenderedFormulas reads formulas a page holds already rendered as
// their TeX, the way the Markdown reader finds formulas in a page's text:
// \(…\) in a sentence, \[…\] on a line of its own.
func TestRenderedFormulas(t *testing.T) {
	for _, c := range []struct{ name, in, want, not string }{
		{"KaTeX", `<p>so <span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>E</mi></mrow><annotation encoding="application/x-tex">E = mc^2</annotation></semantics></math></span><span class="katex-html" aria-hidden="true"><span class="mord">E=mc2</span></span></span> holds</p>`,
			`so \\(E = mc^2\\) holds`, "E=mc2"},
		{"KaTeX display", `<p><span class="katex-display"><span class="katex"><span class="katex-mathml"><math display="block"><semantics><annotation encoding="application/x-tex">\sum_i x_i</annotation></semantics></math></span><span class="katex-html">∑xi</span></span></span></p>`,
			`\\[\\sum\_i x\_i\\]`, "∑xi"},
		{"MathJax 2", `<p>a <script type="math/tex">x^2</script> b <script type="math/tex; mode=display">y</script></p>`,
			"a \\\\(x^2\\\\) b\n\n\\\\\\[y\\\\]", ""},
		{"MathJax 3", `<p><mjx-container class="MathJax" display="true"><mjx-math>drawn</mjx-math><mjx-assistive-mml><math display="block"><annotation encoding="application/x-tex">z</annotation></math></mjx-assistive-mml></mjx-container></p>`,
			`\\[z\\]`, "drawn"},
		{"MathML alone", `<p><math><msup><mi>y</mi><mn>3</mn></msup><mo>+</mo><mfrac><mn>1</mn><mi>n</mi></mfrac></math></p>`,
			`\\({y }^{3 } + \\frac{1 }{n }\\)`, ""},
		{"MathML's alttext", `<p><math alttext="\alpha"><mi>α</mi></math></p>`, `\\(\\alpha\\)`, ""},
		{"other scripts still go", `<p>a<script>alert(1)</script>b</p>`, "ab", "alert"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := Convert(c.in, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, c.want) || c.not != "" && strings.Contains(got, c.not) {
				t.Errorf("Convert(%s)\n got %q\nwant it to hold %q and not %q", c.name, got, c.want, c.not)
			}
		})
	}
}
