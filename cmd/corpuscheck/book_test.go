package main

import "testing"

func TestTitleDiffReadsTitlesAsHTML(t *testing.T) {
	missing, extra := titleDiff([]string{"Wendy's cage &amp; birds", "Markup: Title <em>With</em> <b>Mark<sup>up</sup></b>", "Vec<T> in Rust"},
		[]string{"Wendy’s cage & birds", "Markup: Title With Markup", "Vec<T> in Rust"})
	if len(missing)+len(extra) != 0 {
		t.Errorf("missing %q, extra %q", missing, extra)
	}
}
