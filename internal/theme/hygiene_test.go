package theme

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/book"
)

func hygienePost(i int, title, body string, tags ...string) *book.Post {
	return &book.Post{Title: title, Slug: fmt.Sprintf("p%02d", i), Source: fmt.Sprintf("p%02d.md", i),
		Date: time.Date(2021, 1, 1+i, 0, 0, 0, 0, time.UTC), Body: []byte(body), Tags: tags}
}

func chapterOf(chapters []*book.Chapter) map[string]string {
	m := map[string]string{}
	for _, c := range chapters {
		for _, p := range c.Posts {
			m[p.Slug] = c.Title
		}
	}
	return m
}

// TestMarkerAndSynonymTags: a tag on every post ("post"), a rating tag
// ("favorite") and two tags that always go together are no chapters of
// their own.
func TestMarkerAndSynonymTags(t *testing.T) {
	var posts []*book.Post
	for i := range 12 {
		tags := []string{"post"}
		switch {
		case i < 5:
			tags = append(tags, "containers", "kubernetes")
		case i < 6:
			tags = append(tags, "kubernetes")
		default:
			tags = append(tags, "gardening")
		}
		if i%3 == 0 {
			tags = append(tags, "favorite")
		}
		posts = append(posts, hygienePost(i, fmt.Sprintf("Note %d", i), "Some words of a note.", tags...))
	}
	chapters, _, err := Group(posts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := chapterOf(chapters)
	for i, p := range posts {
		want := "Gardening"
		if i < 6 {
			want = "Kubernetes"
		}
		if got[p.Slug] != want {
			t.Errorf("%s in %q, want %q (chapters %v)", p.Slug, got[p.Slug], want, chapterList(chapters))
		}
	}
}

func chapterList(chapters []*book.Chapter) []string {
	var out []string
	for _, c := range chapters {
		out = append(out, fmt.Sprintf("%s (%d)", c.Title, len(c.Posts)))
	}
	return out
}

// subjectBody writes a post about one subject in our own words.
func subjectBody(words []string, i int, extra string) string {
	var b strings.Builder
	for j := range 30 {
		fmt.Fprintf(&b, "The %s and the %s. ", words[(i+j)%len(words)], words[(i+2*j+1)%len(words)])
	}
	return b.String() + extra
}

// TestNamesAndBoilerplate: contractions, verbs and a stock line in many
// posts name no chapter and group nothing; words written together name a
// chapter as one phrase.
func TestNamesAndBoilerplate(t *testing.T) {
	kiln := []string{"kiln", "glaze", "cone", "clay", "stoneware", "bisque"}
	bikes := []string{"saddle", "chain", "spoke", "derailleur", "brake", "pedal"}
	var posts []*book.Post
	for i := range 16 {
		words, title := kiln, "Pottery notes"
		if i%2 == 1 {
			words, title = bikes, "Bicycle notes"
		}
		extra := " I couldn't stop. We couldn't wait. She sends it. We sends it. They sends them. I sends more."
		if i%4 < 2 {
			extra += fmt.Sprintf(" Portrait drawn for the patron friend%c%c. Video on YouTube: a film.", 'a'+i%7, 'a'+i/7)
		}
		if i%2 == 0 {
			extra += " At the Hacker School we fire. The Hacker School kiln. Hacker School glazes."
		}
		posts = append(posts, hygienePost(i, fmt.Sprintf("%s %d", title, i), subjectBody(words, i, extra)))
	}
	chapters, _, err := Group(posts, Options{Chapters: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chapters {
		for _, bad := range []string{"Couldn", "Sends", "Portrait", "Patron", "YouTube", "Video", "Schools", "Hackers"} {
			if strings.Contains(c.Title, bad) {
				t.Errorf("chapter named %q (all: %v)", c.Title, chapterList(chapters))
			}
		}
		subjects := map[int]bool{}
		for _, p := range c.Posts {
			var i int
			fmt.Sscanf(p.Slug, "p%d", &i)
			subjects[i%2] = true
		}
		if len(subjects) != 1 {
			t.Errorf("chapter %q mixes the subjects: %v", c.Title, chapterList(chapters))
		}
	}
	if len(chapters) != 2 {
		t.Errorf("chapters %v, want 2", chapterList(chapters))
	}
}

// TestOrdinalsNameNoChapter: a rank that many posts share ("4th") is a
// place in a list, not a subject: the chapter takes its name elsewhere.
func TestOrdinalsNameNoChapter(t *testing.T) {
	parade := []string{"parade", "fireworks", "float", "marching", "band", "flag"}
	kiln := []string{"kiln", "glaze", "cone", "clay", "stoneware", "bisque"}
	var posts []*book.Post
	for i := range 12 {
		words, title, extra := kiln, fmt.Sprintf("Pottery notes %d", i), ""
		if i%2 == 1 {
			words, title, extra = parade, fmt.Sprintf("The 4th of July, part %d", i), " On the 4th we went. The 4th again."
		}
		posts = append(posts, hygienePost(i, title, subjectBody(words, i, extra)))
	}
	chapters, _, err := Group(posts, Options{Chapters: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chapters {
		if strings.Contains(c.Title, "4th") {
			t.Errorf("chapter named %q (all: %v)", c.Title, chapterList(chapters))
		}
	}
}

// TestMinorityLanguagePair: two unrelated French posts in an English blog
// make no chapter of their own.
func TestMinorityLanguagePair(t *testing.T) {
	kiln := []string{"kiln", "glaze", "cone", "clay", "stoneware", "bisque"}
	bikes := []string{"saddle", "chain", "spoke", "derailleur", "brake", "pedal"}
	var posts []*book.Post
	for i := range 10 {
		words := kiln
		if i%2 == 1 {
			words = bikes
		}
		p := hygienePost(i, fmt.Sprintf("Notes %d", i), subjectBody(words, i, ""))
		p.Lang = "en"
		posts = append(posts, p)
	}
	fr1 := hygienePost(20, "Le four", "Utilisation du four et de la glaçure pour la poterie. Annonce de l'atelier. Le kiln chauffe, le clay sèche.")
	fr2 := hygienePost(21, "La selle", "Utilisation de la selle et des freins du vélo. Annonce de la course. La chain et le brake du vélo.")
	fr1.Lang, fr2.Lang = "fr", "fr"
	posts = append(posts, fr1, fr2)
	chapters, _, err := Group(posts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := chapterOf(chapters)
	if got[fr1.Slug] == got[fr2.Slug] {
		t.Errorf("the French posts share chapter %q: %v", got[fr1.Slug], chapterList(chapters))
	}
}

// TestRenamedAndReorderedFiles: the chapters depend on the posts, not on
// their files' names or order.
func TestRenamedAndReorderedFiles(t *testing.T) {
	posts := loadSample(t)
	plan := func(ps []*book.Post) string {
		chapters, _, err := Group(ps, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, c := range chapters {
			fmt.Fprintf(&b, "%s:", c.Title)
			for _, p := range c.Posts {
				fmt.Fprintf(&b, " %s|%.6f", p.Title, p.ThemeScore)
			}
			b.WriteString("\n")
		}
		return b.String()
	}
	want := plan(posts)
	var moved []*book.Post
	for i := len(posts) - 1; i >= 0; i-- {
		p := *posts[i]
		p.Source = fmt.Sprintf("renamed-%d.md", len(posts)-i)
		moved = append(moved, &p)
	}
	if got := plan(moved); got != want {
		t.Errorf("renamed and reordered:\n%s\nwant:\n%s", got, want)
	}
}

// TestAuthorsAndHandlesNameNoChapter: the blog's author, signing posts in
// their text, and a handle written in many posts are not subjects.
func TestAuthorsAndHandlesNameNoChapter(t *testing.T) {
	kiln := []string{"kiln", "glaze", "cone", "clay", "stoneware", "bisque"}
	bikes := []string{"saddle", "chain", "spoke", "derailleur", "brake", "pedal"}
	var posts []*book.Post
	for i := range 16 {
		words, title := kiln, "Diary"
		if i%2 == 1 {
			words, title = bikes, "Orla Quenby rides"
		}
		extra := " Follow @quenbyworks, @quenbyworks and visit quenbyworks.example.org, quenbyworks.example.org today."
		if i%2 == 1 {
			extra = " Ask Orla. Ask Orla Quenby, Orla, Orla Orla. More soon."
		}
		p := hygienePost(i, fmt.Sprintf("%s %d", title, i), subjectBody(words, i, extra))
		p.Author = "Orla Quenby"
		posts = append(posts, p)
	}
	chapters, _, err := Group(posts, Options{Chapters: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chapters {
		for _, bad := range []string{"Orla", "Quenby", "Quenbyworks", "Example", "Org", "Https"} {
			if strings.Contains(c.Title, bad) {
				t.Errorf("chapter named %q (all: %v)", c.Title, chapterList(chapters))
			}
		}
	}
	if len(chapters) != 2 {
		t.Errorf("chapters %v, want 2", chapterList(chapters))
	}
}

// TestBoilerplateTerms: the words of a stock line that one subject's
// posts all carry still count (once), but are known as boilerplate, and
// so name nothing; a word the posts also write themselves is no
// boilerplate.
func TestBoilerplateTerms(t *testing.T) {
	kiln := []string{"kiln", "glaze", "cone", "clay", "stoneware", "bisque"}
	bikes := []string{"saddle", "chain", "spoke", "derailleur", "brake", "pedal"}
	v := newVocab(nil)
	var docs []*doc
	for i := range 16 {
		words, extra := kiln, fmt.Sprintf(" Portrait of project donator friend%c%c. Portrait of project donator.", 'a'+i%7, 'a'+i/7)
		if i%2 == 1 {
			words, extra = bikes, ""
		}
		// Sentences open with a word of the post's own: only the stock
		// line is shared word for word.
		var body strings.Builder
		for j := range 20 {
			fmt.Fprintf(&body, "Day%c%c the %s and the %s. ", 'a'+i%7, 'a'+j, words[(i+j)%len(words)], words[(i+2*j+1)%len(words)])
		}
		p := hygienePost(i, fmt.Sprintf("Notes %d", i), body.String()+extra)
		docs = append(docs, newDoc(p, string(p.Body), v))
	}
	c := newCorpus(docs)
	term := func(key string) int {
		for j, k := range c.terms {
			if k == key {
				return j
			}
		}
		t.Fatalf("no term %q in %v", key, c.terms)
		return -1
	}
	for key, want := range map[string]bool{"donat": true, "project": true, "kiln": false, "saddl": false} {
		j := term(key)
		if got := c.boilerplate(j); got != want {
			t.Errorf("boilerplate(%q) = %v, want %v (in %d posts, %d only from stock lines)", key, got, want, c.df[j], c.stockOnly[j])
		}
	}
	if j := term("donat"); !c.vecs[0].has(j) {
		t.Errorf("a stock line's word does not count in its post")
	}
}
