package htmlconv

import "testing"

func BenchmarkConvertSmall(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := WordPress("Hello <b>world</b>\n\n[caption]<img src=\"a.png\" alt=\"b\" /> c[/caption]", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
