package theme

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
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

func TestIsOrdinal(t *testing.T) {
	for w, want := range map[string]bool{
		"1st": true, "22nd": true, "3rd": true, "4th": true, "1er": true, "2e": true, "3ème": true,
		"4": false, "4g": false, "mp3": false, "m4th": false, "th": false, "2024": false,
	} {
		if got := isOrdinal(w); got != want {
			t.Errorf("isOrdinal(%q) = %v, want %v", w, got, want)
		}
	}
}

// TestGermanStopWords groups a blog written in English and German, some
// German posts detected as another language: German grammar words name
// no chapter, and "war" stays a word of an English blog.
func TestGermanStopWords(t *testing.T) {
	var posts []*book.Post
	for i := range 30 {
		topic := []string{"Kamera", "Fahrrad", "Garten"}[i%3]
		lang := "de"
		if i%10 == 9 {
			lang = "sv" // a short German post misread
		}
		body := strings.Repeat(fmt.Sprintf("Die %s und der Tisch mit dem Stuhl, aber %s ist gut, und wir sind mit ihr hier. ", topic, topic), 3)
		posts = append(posts, &book.Post{ID: fmt.Sprint("de", i), Title: fmt.Sprintf("Über %s %d", topic, i), Lang: lang, Body: []byte(body)})
	}
	for i := range 30 {
		topic := []string{"kiln", "saddle", "compost"}[i%3]
		body := strings.Repeat(fmt.Sprintf("The %s was fine, and we talked of it with the others. ", topic), 3)
		posts = append(posts, &book.Post{ID: fmt.Sprint("en", i), Title: fmt.Sprintf("On the %s %d", topic, i), Lang: "en", Body: []byte(body)})
	}
	chapters, _, err := Group(posts, Options{Prose: func(p *book.Post) string { return string(p.Body) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chapters {
		for _, w := range strings.Split(c.Title, " & ") {
			if isStopWord(strings.ToLower(w), "de", nil) {
				t.Errorf("chapter %q is named after a German grammar word", c.Title)
			}
		}
	}
	if isStopWord("war", "en", []string{"en"}) || !isStopWord("war", "en", []string{"de", "en"}) {
		t.Errorf("\"war\" must be a stop word in a blog written in German too, and only there")
	}
}

// TestWordsWithMarks checks that vowel signs and points stay in their
// word, that a word is one with or without Arabic's optional vowels, and
// that grammar words of scripts without capitals name no chapter.
func TestWordsWithMarks(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"क्रिकेट मैच", "क्रिकेट|मैच"},
		{"آثَارٌ رُومَانِيَّةٌ", "آثَارٌ|رُومَانِيَّةٌ"},
		{"בְּרֵאשִׁית בָּרָא", "בְּרֵאשִׁית|בָּרָא"},
	} {
		if got := strings.Join(nonEmpty(splitWords(tc.in)), "|"); got != tc.want {
			t.Errorf("splitWords(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	v := newVocab([]string{"ar"})
	if a, b := v.intern("آثَارٌ", "ar"), v.intern("آثار", "ar"); v.words[a].key != v.words[b].key {
		t.Error("a word with its optional vowels is another word")
	}
	for _, w := range []string{"عن", "في", "על"} {
		if telling(w) {
			t.Errorf("telling(%q): a two-letter word of a script without capitals", w)
		}
	}
	for _, w := range []string{"电影", "음악", "AI", "आँख", "घर"} {
		if !telling(w) {
			t.Errorf("telling(%q) = false", w)
		}
	}
}

// TestStopWordsOfOtherLanguages checks that the grammar words of languages
// Snowball has no list for (stopwords-iso's) name no chapter.
func TestStopWordsOfOtherLanguages(t *testing.T) {
	for _, tc := range []struct{ word, lang string }{{"على", "ar"}, {"كان", "ar"}, {"della", "it"}, {"sono", "it"}, {"não", "pt"}, {"और", "hi"}, {"के", "hi"}} {
		if !isStopWord(tc.word, tc.lang, nil) {
			t.Errorf("isStopWord(%q, %q) = false", tc.word, tc.lang)
		}
	}
	if isStopWord("della", "en", nil) || isStopWord("على", "en", nil) {
		t.Error("another language's stop word is one in an English post")
	}
	// stopwords-iso's English list holds subjects ("research",
	// "computer"): English and French keep their own lists.
	if isStopWord("research", "en", []string{"en", "fr"}) || isStopWord("computer", "en", nil) {
		t.Error("stopwords-iso's English list is used")
	}
	var posts []*book.Post
	for i := range 12 {
		topic := []string{"الكنافة", "البتراء", "الزيتون"}[i%3]
		body := strings.Repeat(fmt.Sprintf("كان %s على الطاولة، وكان %s في كل مكان على ما يبدو. ", topic, topic), 4)
		posts = append(posts, &book.Post{ID: fmt.Sprint("ar", i), Title: fmt.Sprintf("%s %d", topic, i), Lang: "ar", Body: []byte(body)})
	}
	chapters, _, err := Group(posts, Options{Prose: func(p *book.Post) string { return string(p.Body) }})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chapters {
		for _, w := range []string{"كان", "على", "في"} {
			if strings.Contains(" "+c.Title+" ", " "+w+" ") {
				t.Errorf("chapter %q is named by the grammar word %q", c.Title, w)
			}
		}
	}
}
