package dialect

import (
	"regexp"
	"testing"
)

// hugoLine is what hasHugoLine answers: the pattern over the whole text.
var hugoLine = regexp.MustCompile(`(?m)^[ \t>]*` + hugoList + `[ \t]*$`)

func TestHasHugoLineMatchesTheWholeTextPattern(t *testing.T) {
	for _, s := range []string{
		"", "text", "{.note}", "para\n{.note}\nmore", "a { b }\n{#id .c}", "> {.quote}\n", "x{.a}", "{ .a }\ttrailing",
		"{.a} text", "line\n  {key=\"v\"}  ", "{key='v' .c #d}", "{not an attr}", "no brace\nat all\n", "{\n.a}", "a\n{.a}",
	} {
		if got, want := hasHugoLine(s), hugoLine.MatchString(s); got != want {
			t.Errorf("hasHugoLine(%q) = %v, the pattern on the whole text %v", s, got, want)
		}
	}
}

func FuzzHasHugoLine(f *testing.F) {
	f.Add("para\n{.note}\nmore")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasHugoLine(s), hugoLine.MatchString(s); got != want {
			t.Errorf("hasHugoLine(%q) = %v, the pattern %v", s, got, want)
		}
	})
}
