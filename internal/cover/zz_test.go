package cover

import "testing"

func BenchmarkZZGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := Generate("Notes from a Generated Blog of Many Posts", "Bench Author", "2015–2026"); err != nil {
			b.Fatal(err)
		}
	}
}
