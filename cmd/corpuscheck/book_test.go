package main

import "testing"

func TestTitleDiffReadsTitlesAsHTML(t *testing.T) {
	missing, extra := titleDiff([]string{"Wendy's cage &amp; birds", "Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>", "Vec<T> in Rust"},
		[]string{"Wendy’s cage & birds", "Markup: Title With Markup", "Vec<T> in Rust"})
	if len(missing)+len(extra) != 0 {
		t.Errorf("missing %q, extra %q", missing, extra)
	}
}

func TestTitleDiffUntitledNotes(t *testing.T) {
	missing, extra := titleDiff([]string{"", "", "Titled"}, []string{"Trying the new phone", "Titled", "Back home"})
	if len(missing)+len(extra) != 0 {
		t.Errorf("missing %q, extra %q", missing, extra)
	}
	missing, extra = titleDiff([]string{""}, []string{"One", "Two"})
	if len(missing) != 0 || len(extra) != 1 {
		t.Errorf("missing %q, extra %q; want one extra", missing, extra)
	}
}
