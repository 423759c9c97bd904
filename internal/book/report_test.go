package book

import (
	"fmt"
	"strings"
	"testing"
)

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"Elle est lancée\u202f!":  "\"Elle est lancée\u202f!\"",
		"n°\u00a01 « oui »":       "\"n°\u00a01 « oui »\"",
		"日本語 🙂":                   `"日本語 🙂"`,
		`say "hi" \ bye`:          `"say \"hi\" \\ bye"`,
		"two\nlines\tand\x1b[31m": `"two\nlines\tand\x1b[31m"`,
		"bidi \u202e turned":      `"bidi \u202e turned"`,
		"line\u2028sep":           `"line\u2028sep"`,
		"bad \xff byte":           `"bad \xff byte"`,
		"":                        `""`,
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%+q) = %s, want %s", in, got, want)
		}
	}
}

// TestReportQuotes checks that a warning's and a note's %q quote as
// Quote does, and that their other verbs format strings as fmt does.
func TestReportQuotes(t *testing.T) {
	var rep Report
	rep.Warn("a.md", 3, "post %q: %s, %v, %5s|%-4s|, %x, %+q, %q", "C’est lancée\u202f!", "plain", "v", "pad", "l", "hi", "é", []string{"a\u00a0b", "c\n"})
	want := "post \"C’est lancée\u202f!\": plain, v,   pad|l   |, 6869, \"\\u00e9\", [\"a\u00a0b\" \"c\\n\"]"
	if got := rep.Warnings[0].Msg; got != want {
		t.Errorf("warning:\n got %s\nwant %s", got, want)
	}
	rep.Note("merged %q (%d)", "Fin\u00a0?", 2)
	if got, want := rep.Notes[0], "merged \"Fin\u00a0?\" (2)"; got != want {
		t.Errorf("note %s, want %s", got, want)
	}
}

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		"posts/été\u00a02024.md": "posts/été\u00a02024.md",
		"posts/a\nb.md":          `"posts/a\nb.md"`,
	} {
		if got := FileName(in); got != want {
			t.Errorf("FileName(%+q) = %s, want %s", in, got, want)
		}
	}
}

// TestWarnList checks that a warning lists a few posts and counts the
// rest, the whole list being a note.
func TestWarnList(t *testing.T) {
	var items []string
	for i := range 150 {
		items = append(items, Quote(fmt.Sprintf("Post %d", i+1)))
	}
	for _, c := range []struct {
		n          int
		warn, note string
	}{
		{1, `fail on 1: "Post 1".`, ""},
		{6, `fail on 6: "Post 1", "Post 2", "Post 3", "Post 4", "Post 5", "Post 6".`, ""},
		{7, `fail on 7: "Post 1", "Post 2", "Post 3", "Post 4", "Post 5" and 2 more posts (-v lists them all).`, `fail on 7: "Post 1", "Post 2", "Post 3", "Post 4", "Post 5", "Post 6", "Post 7".`},
		{150, `fail on 150: "Post 1", "Post 2", "Post 3", "Post 4", "Post 5" and 145 more posts (-v lists them all).`, ""},
	} {
		var rep Report
		rep.WarnList("", 0, items[:c.n], "posts", "fail on %d: %s.", c.n)
		if len(rep.Warnings) != 1 || rep.Warnings[0].Msg != c.warn {
			t.Errorf("%d items: warnings %v, want %s", c.n, rep.Warnings, c.warn)
		}
		switch {
		case c.n <= 6 && len(rep.Notes) != 0:
			t.Errorf("%d items: notes %v, want none", c.n, rep.Notes)
		case c.n > 6 && (len(rep.Notes) != 1 || strings.Count(rep.Notes[0], `"Post `) != c.n):
			t.Errorf("%d items: notes %v, want one listing all", c.n, rep.Notes)
		case c.note != "" && rep.Notes[0] != c.note:
			t.Errorf("%d items: note %s, want %s", c.n, rep.Notes[0], c.note)
		}
	}
}
