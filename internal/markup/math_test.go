package markup

import (
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
)

func TestFormulas(t *testing.T) {
	for _, c := range []struct{ name, md, want string }{
		{"escaped parentheses, as Jekyll and Hugo sites write them",
			`loss \\( \sum\_i x\_i \\) here`,
			"<p>loss <span class=\"math\">∑<sub><em>i</em></sub>\u2009<em>x</em><sub><em>i</em></sub></span> here</p>"},
		{"escaped parentheses in a page are its text",
			`so \(a_1 * b_1\) holds, and \[..\] skips`,
			`<p>so (a_1 * b_1) holds, and [..] skips</p>`},
		{"double dollars in a sentence",
			`then $$x^2$$ grows`,
			`<p>then <span class="math"><em>x</em><sup>2</sup></span> grows</p>`},
		{"double dollars alone in their paragraph",
			"$$\n\\begin{align}\na &= b \\\\\n&= c\n\\end{align}\n$$",
			`<div class="math"><em>a</em> = <em>b</em><br/>` + "\n" + `= <em>c</em></div>`},
		{"brackets alone", `\\[ E = mc^2 \\]`,
			`<div class="math"><em>E</em> = <em>mc</em><sup>2</sup></div>`},
		{"brackets in a sentence stand on their own line, as MathJax shows them", `see \\[x\\] here`,
			"<p>see </p>\n<div class=\"math\"><em>x</em></div>\n<p>here</p>"},
		{"two bracketed lines of one paragraph", "\\\\[a\\\\]\n\\\\[b\\\\]",
			"<div class=\"math\"><em>a</em></div>\n<div class=\"math\"><em>b</em></div>"},
		{"single dollars are prices", `from $5 to $10`, `<p>from $5 to $10</p>`},
		{"code stays code", "`$$x$$` and\n\n```\n\\(y\\)\n```",
			"<p><code>$$x$$</code> and</p>\n<pre><code>\\(y\\)\n</code></pre>"},
		{"a formula markup interrupts is left as the browser leaves it",
			`\\(a *b* c\\)`, `<p>\(a <em>b</em> c\)</p>`},
		{"raw HTML's text", `<p>area \(\pi r^2\) or \[r\]</p>`,
			"<p>area <span class=\"math\">π<em>r</em><sup>2</sup></span> or </p>\n<div class=\"math\"><em>r</em></div>"},
		{"markup in the text around", "*it* \\\\(y\\\\) **is**",
			`<p><em>it</em> <span class="math"><em>y</em></span> <strong>is</strong></p>`},
		{"table cells", "| a | b |\n|---|---|\n| $$\\alpha$$ | $2 |",
			`<td><span class="math">α</span></td>`},
		{"a formula across lines of its paragraph", "one \\\\(a +\nb\\\\) two",
			`<p>one <span class="math"><em>a</em> + <em>b</em></span> two</p>`},
		{"not set: shown as its TeX", `x $$\nope{1}$$ y`,
			`<p>x <span class="math"><code>\nope{1}</code></span> y</p>`},
		{"WordPress's latex", `so $latex e^{i\pi} + 1 = 0$ holds, for $5`,
			`<p>so <span class="math"><em>e</em><sup><em>i</em>π</sup> + 1 = 0</span> holds, for $5</p>`},
		{"definitions serve the formulas after them and print nothing",
			"$$\\newcommand{\\R}{\\mathbb{R}}$$\n\nIn $$\\R^2$$ and \\\\(\\R\\\\).",
			`<p>In <span class="math">ℝ<sup>2</sup></span> and <span class="math">ℝ</span>.</p>`},
		{"a formula across the lines of a quote", "> so:\n>\n> $$\n> x +\n> y\n> $$",
			`<blockquote>
<p>so:</p>
<div class="math"><em>x</em> + <em>y</em></div>
</blockquote>`},
		{"marked inline, alone in its paragraph", `$$\textstyle x^2$$`,
			`<p><span class="math"><em>x</em><sup>2</sup></span></p>`},
		{"a block's rows are no heading and no list", "$$\nA\n+\nB\n=\nC\n- D\n$$",
			`<div class="math"><em>A</em> + <em>B</em> = <em>C</em> − <em>D</em></div>`},
		{"a block after a line of text", "we have:\n$$\nx = 1\n$$\nso.",
			"<p>we have:</p>\n<div class=\"math\"><em>x</em> = 1</div>\n<p>so.</p>"},
		{"a formula on its own line", "so\n$$x = 1$$\nthen",
			"<p>so</p>\n<div class=\"math\"><em>x</em> = 1</div>\n<p>then</p>"},
		{"an unclosed block is text", "$$\nx\n\ny $$ z", `<p>$$`},
		{"an image's title, its caption", `![A die](d.png "Outcomes \\(\\in \\Omega\\) and $$x^2$$")`,
			`<figcaption>Outcomes ∈ Ω and x²</figcaption>`},
		{"a formula of a sentence that begins a line", "we get\n$$a =\nb$$. So $$c$$\nends $$d$$",
			`<p>we get
<span class="math"><em>a</em> = <em>b</em></span>. So <span class="math"><em>c</em></span>
ends <span class="math"><em>d</em></span></p>`},
		{"the typographer's dots and quotes in a formula", `\\(a_0 + ... + a_n, f'\\)`,
			`<p><span class="math"><em>a</em><sub>0</sub> + … + <em>a</em><sub><em>n</em></sub>, <em>f</em>′</span></p>`},
		{"four dollars hold no formula", `a $$$$ b`, `<p>a $$$$ b</p>`},
		{"HTML in a formula is text", `\\(a<b\\)`,
			`<span class="math"><em>a</em> &lt; <em>b</em></span>`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := render(t, c.md, XHTMLOptions{})
			if !strings.Contains(got, c.want) {
				t.Errorf("%q\n got %s\nwant %s", c.md, got, c.want)
			}
		})
	}
}

func TestFormulaWarnings(t *testing.T) {
	d := Parse(&book.Post{ID: "p1", Source: "f.md", BodyLine: 5, Body: []byte("ok $$x$$\n\n$$\\frac{1}{$$ and \\\\(\\nope\\\\)\n")})
	if len(d.Warnings) != 1 {
		t.Fatalf("warnings %v, want one for the post", d.Warnings)
	}
	w := d.Warnings[0]
	if w.Line != 7 || !strings.Contains(w.Msg, "2 formulas could not be set") || !strings.Contains(w.Msg, "unbalanced {") {
		t.Errorf("warning %+v, want line 7, 2 formulas, the first's reason", w)
	}
	if d := parseBody(`fine \\(x\\) and $$y$$`); len(d.Warnings) != 0 {
		t.Errorf("formulas set give warnings: %v", d.Warnings)
	}
}

func TestProseLeavesFormulasOut(t *testing.T) {
	prose := parseBody(`The kiln \\(\alpha + \beta\\) cools $$\gamma$$ slowly.`).Prose()
	if strings.ContainsAny(prose, "αβγ\\") || !strings.Contains(prose, "cools") {
		t.Errorf("prose %q: want the sentence without its formulas", prose)
	}
}
