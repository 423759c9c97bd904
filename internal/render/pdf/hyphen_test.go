package pdf

import "testing"

// TestBundledHyphenation reads the patterns of every bundled language, as
// the layout does on the first word of each.
func TestBundledHyphenation(t *testing.T) {
	hy, err := hyphenators()
	if err != nil {
		t.Fatal(err)
	}
	for lang, h := range hy {
		if err := h.load(); err != nil {
			t.Errorf("%s: %v", lang, err)
		}
		if h.lang == nil {
			t.Errorf("%s: no patterns", lang)
		}
	}
}
