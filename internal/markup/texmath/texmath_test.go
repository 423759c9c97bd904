package texmath

import (
	"strings"
	"testing"
)

// show writes runs as text with their style marked: _{…} lowered, ^{…}
// raised, *…* italic, **…** bold, a line break as " / ".
func show(runs []Run) string {
	var b strings.Builder
	script := 0
	for _, r := range runs {
		if r.Script != script || r.Break {
			if script != 0 {
				b.WriteString("}")
			}
			switch {
			case r.Break:
			case r.Script == 1:
				b.WriteString("^{")
			case r.Script == -1:
				b.WriteString("_{")
			}
			script = r.Script
		}
		if r.Break {
			b.WriteString(" / ")
			continue
		}
		t := r.Text
		if r.Italic {
			t = "*" + t + "*"
		}
		if r.Bold {
			t = "**" + t + "**"
		}
		b.WriteString(t)
	}
	if script != 0 {
		b.WriteString("}")
	}
	return b.String()
}

func TestSet(t *testing.T) {
	for _, c := range []struct {
		tex     string
		display bool
		want    string
	}{
		{`x^2`, false, `*x*^{2}`},
		{`x_i + y_i`, false, `*x*_{*i*} + *y*_{*i*}`},
		{`\sum_{k=0}^{\infty} \gamma^k r_{t+k}`, false, "∑_{*k*=0}^{∞}\u2009γ^{*k*}*r*_{*t*+*k*}"},
		{`\frac{a+b}{2}`, false, `(*a* + *b*)/2`},
		{`\frac{1}{z}`, false, `1/*z*`},
		{`\sqrt{x+1} - \sqrt 2`, false, `√(*x* + 1) − √2`},
		{`\log p(y \mid x)`, false, "log\u2009*p*(*y* ∣ *x*)"},
		{`\nabla_{\theta} E_x[f(x)]`, false, `∇_{θ}*E*_{*x*}[*f*(*x*)]`},
		{`a \le b \ne c`, false, `*a* ≤ *b* ≠ *c*`},
		{`-1`, false, `−1`},
		{`\text{if } x > 0`, false, `if *x* > 0`},
		{`\mathbb{R}^n`, false, `ℝ^{*n*}`},
		{`\mathbf{x}`, false, `***x***`},
		{`\hat{y}`, false, "*y\u0302*"},
		{`\left( \frac{1}{2} \right)`, false, `(1/2)`},
		{`f'(x)`, false, `*f*′(*x*)`},
		{"\\begin{align}\na &= b \\\\\n&= c\n\\end{align}", true, `*a* = *b* / = *c*`},
		{"\\begin{aligned} f &= g & \\text{by parts} \\\\ &= h \\end{aligned}", true, "*f* = *g*\u2003\u2003by parts / = *h*"},
		{"\\begin{cases} 1 & x > 0 \\\\ 0 & \\text{else} \\end{cases}", true, "{ 1\u2003\u2003*x* > 0 / 0\u2003\u2003else"},
		{"\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", true, "(1\u20022; 3\u20024)"},
		{`x \in \{1, 2\}`, false, `*x* ∈ {1, 2}`},
		{`\binom{n}{k}`, false, `C(*n*, *k*)`},
		{`a \pmod{n}`, false, `*a* (mod *n*)`},
		{`\operatorname{softmax}(z)`, false, `softmax(*z*)`},
		{`e^{-x^2}`, false, `*e*^{−*x*²}`},
		{`\frac{\partial}{\partial a} = \frac{p(x)}{2ab}`, false, `∂/∂*a* = *p*(*x*)/(2*ab*)`},
		{`x_{n^{k+1}}`, false, `*x*_{*n*^(k+1)}`},
		{`f’(x)`, false, `*f*′(*x*)`},
		{`{a+b \over 2} + {n \choose k}`, false, `(*a* + *b*)/2 + C(*n*, *k*)`},
		{`A \nsubseteq B, \LaTeX`, false, `*A* ⊈ *B*, LaTeX`},
		{`\frac{1}{n}\log x - \log \textrm{PMF}`, false, "1/*n*\u2009log\u2009*x* − log\u2009PMF"},
		{`\frac{1}{\sigma \sqrt{2\pi}}`, false, `1/(σ√2π)`},
		{`\sqrt \epsilon + \frac\alpha 2 + \hat\theta`, false, "√ϵ + α/2 + θ\u0302"},
		{`\min_{w,b} \frac{1}{2} \|w\|^2`, false, "min_{*w*, *b*}\u20091/2‖*w*‖^{2}"},
		{`a \overset{(i)}{\le} b`, false, `*a* ≤^{(*i*)} *b*`},
		{`\mathbb{E}[x] + \mathcal{N} + \mathcal{L}`, false, `𝔼[*x*] + *N* + ℒ`},
		{`\operatorname*{arg\,max}_{\substack{i \\ j}} x \gt 0`, false, "arg max_{*i*, *j*}\u2009*x* > 0"},
	} {
		runs, err := Set(c.tex, c.display)
		if err != nil {
			t.Errorf("Set(%q): %v", c.tex, err)
			continue
		}
		if got := show(runs); got != c.want {
			t.Errorf("Set(%q)\n got %s\nwant %s", c.tex, got, c.want)
		}
	}
}

func TestMacros(t *testing.T) {
	m := Macros{}
	for _, c := range []struct{ tex, want string }{
		{`\newcommand{\R}{\mathbb{R}} \newcommand\norm[1]{\lVert #1 \rVert} \DeclareMathOperator*{\argmax}{arg\,max}`, ``},
		{`x \in \R^n, \norm{x+y}`, `*x* ∈ ℝ^{*n*}, ‖*x* + *y*‖`},
		{`\argmax_i f`, "arg max_{*i*}\u2009*f*"},
		{`\def\half#1{\frac{#1}{2}} \half{a+b} \let\eps\varepsilon \eps`, `(*a* + *b*)/2ε`},
		{`\renewcommand{\R}{\mathbf{R}} \R \eqref{eq:one}`, `***R***(eq:one)`},
	} {
		runs, err := SetWith(c.tex, false, m)
		if err != nil {
			t.Errorf("SetWith(%q): %v", c.tex, err)
			continue
		}
		if got := show(runs); got != c.want {
			t.Errorf("SetWith(%q)\n got %s\nwant %s", c.tex, got, c.want)
		}
	}
	if _, err := SetWith(`\def\loop{\loop x} \loop`, false, Macros{}); err == nil || !strings.Contains(err.Error(), "expanded more than") {
		t.Errorf("a macro that calls itself: %v", err)
	}
	if _, err := SetWith(`\def\big{\big\big} \big`, false, Macros{}); err == nil {
		t.Errorf("a macro that doubles itself set without error")
	}
}

func TestSetRefuses(t *testing.T) {
	for _, c := range []struct{ tex, msg string }{
		{`\frac{a}{b`, "unbalanced {"},
		{`a}`, "unbalanced }"},
		{`\foo x`, `\foo is not known`},
		{`x^`, "missing argument"},
		{`\begin{align} a`, `\begin{align} without its \end`},
		{`\end{align}`, `\end{align} without its \begin`},
		{`\begin{tikzpicture}\end{tikzpicture}`, "environment tikzpicture is not known"},
		{strings.Repeat("{", 60) + strings.Repeat("}", 60), "nested more than"},
		{strings.Repeat("x", maxInput+1), "at most"},
		{`\`, "lone backslash"},
	} {
		_, err := Set(c.tex, true)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("Set(%.40q) = %v, want an error with %q", c.tex, err, c.msg)
		}
	}
}

func FuzzSet(f *testing.F) {
	f.Add(`\frac{a}{b} + \sqrt[3]{x^{2_1}} \begin{pmatrix} 1 & 2 \\ 3 \end{pmatrix}`, true)
	f.Add(`\left( \sum_{i}^{n} \hat{x}_i \right) \text{if } \mathbb{R} \not= \tag{1}`, false)
	f.Add(`\newcommand{\a}[2]{#1^#2} \a{x}{y} \def\b#1{\a{#1}{#1}} \b{z}`, true)
	f.Fuzz(func(t *testing.T, tex string, display bool) {
		runs, err := Set(tex, display)
		if err != nil {
			return
		}
		for _, r := range runs {
			if r.Break && r.Text != "" || !r.Break && r.Text == "" {
				t.Fatalf("Set(%q): run %+v", tex, r)
			}
		}
	})
}
