package dialect

import "testing"

func TestMathDelimiters(t *testing.T) {
	hugo := []Delimiters{{`\[`, `\]`}, {"$$", "$$"}, {`\(`, `\)`}, {"$", "$"}}
	for _, c := range []struct {
		name, in, want string
		delims         []Delimiters
	}{
		{"inline parentheses", `so \(x_1\) holds`, `so $$x_1$$ holds`, hugo},
		{"single dollars", `$a$ and $b_2$`, `$$a$$ and $$b_2$$`, hugo},
		{"brackets across lines", "\\[\nx\n\\]", "$$\nx\n$$", hugo},
		{"double dollars stay", `$$y$$ and $z$`, `$$y$$ and $$z$$`, hugo},
		{"escaped", `a \\(b\\) and \$5`, `a \\(b\\) and \$5`, hugo},
		{"code", "`$x$` and\n\n```\n\\(y\\)\n```\n", "`$x$` and\n\n```\n\\(y\\)\n```\n", hugo},
		{"not across paragraphs", "\\(a\n\nb\\)", "\\(a\n\nb\\)", hugo},
		{"no closing", `costs $5`, `costs $5`, hugo},
		{"nothing configured", `\(x\) $y$`, `\(x\) $y$`, nil},
		{"only the reader's own", `\(x\)`, `\(x\)`, []Delimiters{{"$$", "$$"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := string(mathDelimiters([]byte(c.in), c.delims)); got != c.want {
				t.Errorf("mathDelimiters(%q)\n got %q\nwant %q", c.in, got, c.want)
			}
		})
	}
}
