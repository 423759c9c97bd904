package lang

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/source/markdown"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"empty", "", ""},
		{"too short", "Bonjour tout le monde", ""},
		{"english", strings.Repeat("The quick brown fox jumps over the lazy dog while the cat sleeps in the sun. ", 4), "en"},
		{"french", strings.Repeat("Le principe est très simple : vous avez des machines connectées à des réseaux isolés du monde extérieur. ", 3), "fr"},
		{"german", strings.Repeat("Die Katze schläft auf dem Sofa, während der Hund im Garten spielt und die Kinder lachen. ", 3), "de"},
		{"digits and punctuation", strings.Repeat("1234 5678, 9012; (3456) ", 20), ""},
		// Chinese naming its tools in English is still Chinese; a few
		// Chinese words in English prose are not.
		{"chinese with tool names", strings.Repeat("我用 Docker Compose 和 Kubernetes 部署服务，然后检查日志。", 4), "zh"},
		{"japanese", strings.Repeat("毎朝コーヒーを飲みながら、GitHub でコードを読みます。", 4), "ja"},
		{"korean", strings.Repeat("저는 매일 아침 Python 으로 작은 프로그램을 만듭니다. ", 4), "ko"},
		{"english quoting chinese", strings.Repeat("The sign by the river said 河边 and nothing else, so we walked on to the bridge and waited for the bus. ", 4), "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect(tt.text); got != tt.want {
				t.Errorf("Detect() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDetectDeterministic(t *testing.T) {
	// Short, mixed text is where a tie between languages could surface.
	texts := []string{
		strings.Repeat("Azure Kubernetes cluster nodes pods ", 5),
		strings.Repeat("ok ", 60),
		strings.Repeat("La la la la. The the the. ", 10),
	}
	for _, text := range texts {
		first := Detect(text)
		for range 50 {
			if got := Detect(text); got != first {
				t.Fatalf("Detect(%.30q) = %q then %q", text, first, got)
			}
		}
	}
}

func TestDiffers(t *testing.T) {
	tests := []struct {
		post, book string
		want       bool
	}{
		{"fr", "en", true},
		{"fr-CA", "fr", false},
		{"EN_us", "en", false},
		{"", "en", false},
		{"en", "", true},
	}
	for _, tt := range tests {
		if got := Differs(tt.post, tt.book); got != tt.want {
			t.Errorf("Differs(%q, %q) = %v, want %v", tt.post, tt.book, got, tt.want)
		}
	}
}

// TestAssignSample detects the language of every post of the sample blog:
// two are in French, the rest in English.
func TestAssignSample(t *testing.T) {
	french := map[string]bool{
		"test-azure-bastion": true,
		"lia-ne-remplace-pas-les-gens-elle-casse-les-organisations-en-silence": true,
	}
	files, err := filepath.Glob("../../testdata/sample/posts/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample posts: %v", err)
	}
	b := &book.Book{Lang: "en", Chapters: []*book.Chapter{{ID: "c"}}}
	docs := markup.Docs{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := markdown.Parse(data, f)
		if err != nil {
			t.Fatal(err)
		}
		p.ID = strings.TrimSuffix(filepath.Base(f), ".md")
		b.Chapters[0].Posts = append(b.Chapters[0].Posts, p)
		docs[p.ID] = markup.Parse(p)
	}
	rep := &book.Report{}
	if n := Assign(b.Posts(), docs, b.Lang, rep); n != len(files) {
		t.Errorf("Assign set %d posts, want %d", n, len(files))
	}
	for _, p := range b.Posts() {
		want := "en"
		if french[p.ID] {
			want = "fr"
		}
		if p.Lang != want {
			t.Errorf("%s: Lang = %q, want %q", p.ID, p.Lang, want)
		}
	}
	if len(rep.Notes) != len(french) {
		t.Errorf("notes = %q, want one per French post", rep.Notes)
	}
}

func TestAssignKeepsFrontMatter(t *testing.T) {
	p := &book.Post{ID: "p", Lang: "de", Body: []byte(strings.Repeat("This is plainly an English sentence about books. ", 5))}
	if n := Assign([]*book.Post{p}, markup.Docs{"p": markup.Parse(p)}, "en", nil); n != 0 || p.Lang != "de" {
		t.Errorf("Assign = %d, Lang = %q; want 0, \"de\"", n, p.Lang)
	}
}

func TestProseSkipsCode(t *testing.T) {
	p := &book.Post{ID: "p", Body: []byte("Un *texte* en français.\n\n```\nfunc main() {}\n```\n\nVoir <https://example.org/the-page>.\n")}
	got := markup.Parse(p).Prose()
	if strings.Contains(got, "func") || strings.Contains(got, "example.org") || !strings.Contains(got, "texte en français") {
		t.Errorf("Prose() = %q", got)
	}
}

func FuzzDetect(f *testing.F) {
	f.Add("Le principe est très simple")
	f.Add("\xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		a, b := Detect(s), Detect(s)
		if a != b {
			t.Fatalf("Detect not deterministic: %q then %q", a, b)
		}
	})
}

func TestChunks(t *testing.T) {
	tests := []struct {
		text string
		size int
		want []string
	}{
		{"", 10, []string{""}},
		{"short", 10, []string{"short"}},
		{"aaaa bbbb cccc dddd", 10, []string{"aaaa bbbb", " cccc dddd"}},
		{"aaaa bbbb cc", 10, []string{"aaaa bbbb cc"}},
		{"ééééééééééé", 5, []string{"éé", "éé", "éé", "éé", "éé", "é"}},
		// not UTF-8, no character starts: cut at the size, not before
		{strings.Repeat("\xb5", 25), 10, []string{strings.Repeat("\xb5", 10), strings.Repeat("\xb5", 10), strings.Repeat("\xb5", 5)}},
	}
	for _, tt := range tests {
		got := chunks(tt.text, tt.size)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("chunks(%q, %d) = %q, want %q", tt.text, tt.size, got, tt.want)
		}
	}
}

func TestByStopWords(t *testing.T) {
	tests := []struct{ text, want string }{
		{"It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, and we had everything before us, we had nothing before us.", "en"},
		{"Alors oui, c'est une fonctionnalité dont nous parlions peu mais qui va simplifier beaucoup la vie quotidienne, et elle marche déjà très bien pour les machines que nous avons dans le nuage.", "fr"},
		{"En un lugar de la Mancha, de cuyo nombre no quiero acordarme, no ha mucho tiempo que vivía un hidalgo de los de lanza en astillero, adarga antigua y rocín flaco.", ""}, // French and Spanish share too many: trigrams decide
		{"Kubernetes AKS EKS OpenShift Calico overlay", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := byStopWords(tt.text); got != tt.want {
			t.Errorf("byStopWords(%.30q…) = %q, want %q", tt.text, got, tt.want)
		}
	}
	if got := Detect(tests[2].text); got != "es" {
		t.Errorf("Detect(Spanish) = %q, want es", got)
	}
}

// TestAssignBeliedLanguage checks that a stated language whose script the
// text does not use gives way to the text's, with one warning.
func TestAssignBeliedLanguage(t *testing.T) {
	arabic := strings.Repeat("هذه مقالة طويلة عن تاريخ المدينة القديمة وأسواقها وناسها. ", 8)
	posts := []*book.Post{
		{ID: "a", Lang: "en-us", Title: "المدينة", Body: []byte(arabic)},
		{ID: "b", Lang: "en-us", Title: "الأسواق", Body: []byte(arabic)},
		{ID: "c", Lang: "en-us", Title: "English", Body: []byte(strings.Repeat("An English post that says so in English words. ", 5))},
		{ID: "d", Lang: "de", Title: "Kurz", Body: []byte("Ein kurzer Text, in dem zu wenig steht.")},
	}
	docs := markup.Docs{}
	for _, p := range posts {
		docs[p.ID] = markup.Parse(p)
	}
	rep := &book.Report{}
	Assign(posts, docs, "en", rep)
	for i, want := range []string{"ar", "ar", "en-us", "de"} {
		if posts[i].Lang != want {
			t.Errorf("%s: Lang = %q, want %q", posts[i].ID, posts[i].Lang, want)
		}
	}
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].Msg, `2 posts state the language "en-us"`) {
		t.Errorf("warnings = %v", rep.Warnings)
	}
}

func TestContradicts(t *testing.T) {
	tests := []struct {
		lang, text string
		want       bool
	}{
		{"en", "مرحبا بكم في هذه المدونة الجديدة", true},
		{"en", "Hello, a post with a quote: مرحبا بكم في هذه المدونة", false},
		{"ar", "Hello there, this is an English post entirely.", true},
		{"ja", "これは日本語の文章です。漢字も使います。", false},
		{"zh", "これは日本語の文章です。漢字も使います。", false}, // Han is in both
		{"en", "short", false},
		{"tlh", "anything at all in any script whatever", false}, // a script not checked
		{"x-bad tag", "مرحبا بكم في هذه المدونة الجديدة", false},
	}
	for _, tt := range tests {
		if got := contradicts(tt.lang, tt.text); got != tt.want {
			t.Errorf("contradicts(%q, %q) = %v, want %v", tt.lang, tt.text, got, tt.want)
		}
	}
	if !OtherScript("en-us", "ar") || OtherScript("en", "fr") || OtherScript("en", "bad tag!") {
		t.Error("OtherScript")
	}
}
