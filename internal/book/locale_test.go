package book

import (
	"testing"
	"time"
)

func TestLocaleDate(t *testing.T) {
	march3 := time.Date(2020, 3, 3, 23, 30, 0, 0, time.FixedZone("", -8*3600))
	may1 := time.Date(2018, 5, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		lang string
		t    time.Time
		want string
	}{
		{"en", march3, "March 3, 2020"},
		{"de", march3, "3. März 2020"},
		{"de-AT", march3, "3. März 2020"},
		{"fr", march3, "3 mars 2020"},
		{"fr-CA", may1, "1er mai 2018"},
		{"es", march3, "3 de marzo de 2020"},
		{"pt-BR", march3, "3 de março de 2020"},
		{"it", march3, "3 marzo 2020"},
		{"nl", march3, "3 maart 2020"},
		{"xx", march3, "March 3, 2020"},
		{"", march3, "March 3, 2020"},
	}
	for _, tt := range tests {
		if got := LocaleFor(tt.lang).Date(tt.t); got != tt.want {
			t.Errorf("Date(%s) in %q = %q, want %q", tt.t, tt.lang, got, tt.want)
		}
	}
}

func TestEveryLocaleIsComplete(t *testing.T) {
	for _, lang := range Langs() {
		l := LocaleFor(lang)
		if l.Lang != lang {
			t.Errorf("LocaleFor(%q) gives %q", lang, l.Lang)
		}
		for name, s := range map[string]string{"Contents": l.Contents, "Chapter": l.Chapter, "Volume": l.Volume, "Cover": l.Cover, "CoverAlt": l.CoverAlt,
			"TitlePage": l.TitlePage, "Start": l.Start, "Landmarks": l.Landmarks, "PageList": l.PageList, "Untitled": l.Untitled} {
			if s == "" {
				t.Errorf("locale %q has no %s", lang, name)
			}
		}
		for i, m := range l.Months {
			if m == "" {
				t.Errorf("locale %q has no name for month %d", lang, i+1)
			}
		}
		if got := l.ChapterLabel(3); got == l.Chapter {
			t.Errorf("locale %q: ChapterLabel(3) = %q, the number is missing", lang, got)
		}
	}
}

func TestFileNameQuotesOddNames(t *testing.T) {
	for name, want := range map[string]string{
		"posts/été.md":            "posts/été.md",
		"a\nanthology: forged.md": `"a\nanthology: forged.md"`,
		"esc\x1b[2J.md":           `"esc\x1b[2J.md"`,
	} {
		if got := FileName(name); got != want {
			t.Errorf("FileName(%q) = %s, want %s", name, got, want)
		}
	}
	w := Warning{Source: "x\ny.md", Line: 3, Msg: "m"}
	if got := w.String(); got != `"x\ny.md":3: m` {
		t.Errorf("warning %q", got)
	}
}
