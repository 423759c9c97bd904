package theme

import (
	"reflect"
	"testing"
)

func TestSplitWordsApostrophes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"I couldn't stop", "I couldn't stop"},
		{"L'IA qu'il aime", "IA il aime"},
		{"the women's march", "the women march"},
		{"it’s fine", "it fine"},
		{"rock 'n' roll", "rock n roll"},
		{"trailing' x", "trailing x"},
	}
	for _, tc := range tests {
		var got []string
		for _, w := range splitWords(tc.in) {
			if w != "" {
				got = append(got, w)
			}
		}
		if want := splitWords(tc.want); !reflect.DeepEqual(got, nonEmpty(want)) {
			t.Errorf("splitWords(%q) = %q, want %q", tc.in, got, nonEmpty(want))
		}
	}
	if telling("couldn't") || telling("we’re") {
		t.Error("a contraction is taken as a telling word")
	}
}

func nonEmpty(ws []string) []string {
	var out []string
	for _, w := range ws {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

func TestSameRoot(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"App", "Application", true},
		{"Docs", "Documentation", true},
		{"Go", "Gophers", false},
		{"Cloud", "Cloudflare", true},
		{"Kubernetes", "Containers", false},
	} {
		if got := sameRoot(tc.a, tc.b); got != tc.want {
			t.Errorf("sameRoot(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestIsAdverb(t *testing.T) {
	for w, want := range map[string]bool{
		"digitally": true, "previously": true, "carefully": true, "separately": true,
		"surprisingly": true, "rally": false, "italy": false, "family": false,
		"fly": false, "assembly": false, "anomaly": false, "portraits": false,
	} {
		if got := isAdverb(w); got != want {
			t.Errorf("isAdverb(%q) = %v, want %v", w, got, want)
		}
	}
}
