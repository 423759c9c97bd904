package testkit

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"empty", "", nil},
		{"case and punctuation", "Hello, World! (again)", []string{"hello", "world", "again"}},
		{"digits", "cone 06 at 999°", []string{"cone", "06", "at", "999"}},
		{"hyphenated at a line's end", "a long hyphen-\nation here", []string{"a", "long", "hyphenation", "here"}},
		{"hyphen, blanks and indent around the break", "hyphen- \n   ation", []string{"hyphenation"}},
		{"address broken before its hyphen", "github.com/azure/aci\n-connector now", []string{"github", "com", "azure", "aciconnector", "now"}},
		{"a dash leading a line after a word", "word\n- item", []string{"word", "item"}},
		{"Unicode hyphen at a line's end", "hyphen\u2010\nation", []string{"hyphenation"}},
		{"compound", "a well-known kiln", []string{"a", "wellknown", "kiln"}},
		{"dash between words", "kiln - glaze — ash – tin", []string{"kiln", "glaze", "ash", "tin"}},
		{"hyphen before a blank line", "end-\n\nNext", []string{"end", "next"}},
		{"hyphenated across pages", "hyphen-\n\fation", []string{"hyphenation"}},
		{"trailing hyphen", "pre- and post-firing", []string{"pre", "and", "postfiring"}},
		{"soft hyphen", "hy\u00adphen\u00ad\nation", []string{"hyphen", "ation"}},
		{"ligatures", "\ufb01re \ufb02ame e\ufb00ort", []string{"fire", "flame", "effort"}},
		{"curly and straight apostrophes agree", "don\u2019t don't", []string{"don't", "don't"}},
		{"quotes around a word", "\u201cslow\u201d \u2018fast\u2019 'plain' «barro»", []string{"slow", "fast", "plain", "barro"}},
		{"NFC", "cafe\u0301 café", []string{"café", "café"}},
		{"upper-case accents", "ÉTÉ Größe", []string{"été", "größe"}},
		{"letters of other scripts", "日本 Ελλάδα", []string{"日本", "ελλάδα"}},
		{"emoji are not words", "nice 🙂 pot 👩\u200d🔬 ❤\ufe0f", []string{"nice", "pot"}},
		{"footnote back-link", "the end.↩\ufe0e", []string{"the", "end"}},
		{"a lone mark is no word", "a \u0301 b", []string{"a", "b"}},
		{"marks continue a word", "नमस्ते", []string{"नमस्ते"}},
		{"underscores split", "tin_white_7", []string{"tin", "white", "7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Words(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Words(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestRecall(t *testing.T) {
	tests := []struct {
		name      string
		want, got []string
		recall    float64
	}{
		{"both empty", nil, nil, 1},
		{"nothing wanted", nil, []string{"a"}, 1},
		{"nothing got", []string{"a", "b"}, nil, 0},
		{"all, in another order", []string{"a", "b", "c"}, []string{"c", "a", "b"}, 1},
		{"extra words do not count", []string{"a"}, []string{"a", "b", "c"}, 1},
		{"a word counted once per occurrence", []string{"a", "a", "b", "b"}, []string{"a", "b"}, 0.5},
		{"one missing of four", []string{"a", "b", "c", "d"}, []string{"d", "c", "a"}, 0.75},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Recall(tt.want, tt.got); got != tt.recall {
				t.Errorf("Recall(%q, %q) = %v, want %v", tt.want, tt.got, got, tt.recall)
			}
		})
	}
}
