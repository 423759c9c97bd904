package text

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
)

func render(t *testing.T, p *book.Post) string {
	t.Helper()
	out, err := markup.Parse(p).XHTML(markup.XHTMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func parseFile(t *testing.T, name string) ([]*book.Post, *book.Report) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../../testdata/text", name))
	if err != nil {
		t.Fatal(err)
	}
	rep := &book.Report{}
	posts, err := Parse(data, name, rep)
	if err != nil {
		t.Fatal(err)
	}
	return posts, rep
}

func TestPost(t *testing.T) {
	posts, rep := parseFile(t, "refuge.txt")
	if len(posts) != 1 {
		t.Fatalf("got %d posts, want 1", len(posts))
	}
	p := posts[0]
	if p.Title != "A night at the refuge" || p.Slug != "a-night-at-the-refuge" || !p.Date.Equal(time.Date(2019, 7, 20, 0, 0, 0, 0, time.UTC)) || p.BodyLine != 5 {
		t.Errorf("title %q, slug %q, date %v, body line %d", p.Title, p.Slug, p.Date, p.BodyLine)
	}
	got := render(t, p)
	for _, s := range []string{
		"<p>We reached the refuge at six, tired &amp; happy.</p>\n<p>The warden served soup; *nobody* complained about the &lt;noise&gt; of the wind.</p>",
		"<h2",
		">What we carried</h2>",
		"<ul>\n<li>a stove</li>\n<li>two_litres of water</li>\n<li>a map [1:25000]</li>\n</ul>",
		"<ol>\n<li>Climb</li>\n<li>Rest</li>\n<li>Sleep</li>\n</ol>",
		"<p>This paragraph was written in an editor that wraps its lines at about seventy columns, so its three lines are one paragraph and not three.</p>",
		"<p>2019. A year to remember.</p>",
		"<p># not a heading</p>",
	} {
		if !strings.Contains(got, s) {
			t.Errorf("rendered text lacks %q:\n%s", s, got)
		}
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings: %v", rep.Warnings)
	}
}

func TestListing(t *testing.T) {
	posts, rep := parseFile(t, "listing.txt")
	want := []struct {
		title, author string
		date          time.Time
		line          int
		text          string
	}{
		{"Le lac à l'aube", "Frédéri Mandin", time.Date(2019, 7, 2, 0, 0, 0, 0, time.UTC), 3, "<p>Nous sommes partis à quatre heures, quand la vallée était encore bleue. Le sentier monte entre les mélèzes …</p>"},
		{"Three summits", "Frédéri Mandin", time.Date(2017, 8, 24, 0, 0, 0, 0, time.UTC), 9, "<p>Three summits in one day, which is two too many.</p>"},
		{"Undated note", "", time.Time{}, 15, "<p>Nothing says when this was written.</p>"},
	}
	if len(posts) != len(want) {
		t.Fatalf("got %d posts, want %d", len(posts), len(want))
	}
	for i, w := range want {
		p := posts[i]
		if p.Title != w.title || p.Author != w.author || !p.Date.Equal(w.date) || p.BodyLine != w.line {
			t.Errorf("post %d = %q by %q on %v at line %d; want %q by %q on %v at line %d", i, p.Title, p.Author, p.Date, p.BodyLine, w.title, w.author, w.date, w.line)
		}
		if got := render(t, p); strings.TrimSpace(got) != w.text {
			t.Errorf("%q rendered as %q, want %q", p.Title, got, w.text)
		}
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0].String() != `listing.txt:3: "Le lac à l'aube" looks cut short (it ends in an ellipsis); a fuller copy of it among the sources would replace it` {
		t.Errorf("warnings = %v", rep.Warnings)
	}
}

func TestDateLine(t *testing.T) {
	tests := []struct {
		in     string
		date   time.Time
		author string
		ok     bool
	}{
		{"2 juillet 2019", time.Date(2019, 7, 2, 0, 0, 0, 0, time.UTC), "", true},
		{"24 août 2017 · 1 min · Frederi Mandin", time.Date(2017, 8, 24, 0, 0, 0, 0, time.UTC), "Frederi Mandin", true},
		{"5 juin 2026 · 9 min · Frederi Mandin", time.Date(2026, 6, 5, 0, 0, 0, 0, time.UTC), "Frederi Mandin", true},
		{"1er mai 2019", time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC), "", true},
		{"2. Juli 2019", time.Date(2019, 7, 2, 0, 0, 0, 0, time.UTC), "", true},
		{"2 de julio de 2019", time.Date(2019, 7, 2, 0, 0, 0, 0, time.UTC), "", true},
		{"July 2, 2019 | 4 min read", time.Date(2019, 7, 2, 0, 0, 0, 0, time.UTC), "", true},
		{"2019-07-02", time.Date(2019, 7, 2, 0, 0, 0, 0, time.UTC), "", true},
		{"2019-07-02T10:30:00+02:00", time.Date(2019, 7, 2, 10, 30, 0, 0, time.FixedZone("", 7200)), "", true},
		{"2019-07-02 10:30", time.Date(2019, 7, 2, 10, 30, 0, 0, time.UTC), "", true},
		{"31 février 2019", time.Time{}, "", false},
		{"2019-13-01", time.Time{}, "", false},
		{"2 juillet", time.Time{}, "", false},
		{"Designing your own job", time.Time{}, "", false},
		{"12 monkeys 1995", time.Time{}, "", false},
	}
	for _, tt := range tests {
		date, author, ok := dateLine(tt.in)
		if ok != tt.ok || !date.Equal(tt.date) || author != tt.author {
			t.Errorf("dateLine(%q) = %v, %q, %v; want %v, %q, %v", tt.in, date, author, ok, tt.date, tt.author, tt.ok)
		}
	}
}

func TestBadText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line int
	}{
		{"empty", "  \n\n", 0},
		{"latin-1", "Title\n\ncaf\xe9\n", 3},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.in), "bad.txt", &book.Report{})
		var se *book.SourceError
		if !errors.As(err, &se) || se.File != "bad.txt" || se.Line != tt.line {
			t.Errorf("%s: err = %v, want a source error at line %d", tt.name, err, tt.line)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("Title\n\n2 juillet 2019\n\nText.\n"))
	f.Add([]byte("A\n\nb ...\n\n24 août 2017 · 1 min · X\n\nB\n\n• c\n1. d\n"))
	f.Add([]byte("\uFEFF# T\r\n\r\n<x> *y* [z](w)\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		posts, err := Parse(data, "fuzz.txt", &book.Report{})
		if err != nil {
			var se *book.SourceError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a source error", err)
			}
			return
		}
		for _, p := range posts {
			if p.Title == "" && strings.TrimSpace(string(data)) != "" && len(posts) == 0 {
				t.Fatal("post without title")
			}
			markup.Parse(p)
		}
	})
}

func TestTitleOnly(t *testing.T) {
	rep := &book.Report{}
	posts, err := Parse([]byte("not a post\n"), "notes.txt", rep)
	if err != nil || len(posts) != 0 || len(rep.Warnings) != 1 {
		t.Errorf("got %d posts, %v, warnings %v; want none and one warning", len(posts), err, rep.Warnings)
	}
}

func TestParseKnown(t *testing.T) {
	in := "First post\n\nIts text.\n\nA subheading\n\nMore text.\n\nSecond post\n\nSecond text.\n\nSecond post\n\nNot a new post: its own title.\n"
	known := func(title string) bool { return title == "Second post" || title == "First post" }
	posts, err := ParseKnown([]byte(in), "pages.txt", known, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 2 || posts[0].Title != "First post" || posts[1].Title != "Second post" || posts[1].BodyLine != 11 {
		for _, p := range posts {
			t.Logf("%q at %d: %q", p.Title, p.BodyLine, p.Body)
		}
		t.Fatalf("got %d posts", len(posts))
	}
	if got := string(posts[0].Body); got != "Its text.\n\n## A subheading\n\nMore text.\n" {
		t.Errorf("first body = %q", got)
	}
	if got := string(posts[1].Body); !strings.Contains(got, "## Second post") {
		t.Errorf("second body = %q, want its own title kept as a subheading of it", got)
	}
	alone, _ := Parse([]byte(in), "pages.txt", &book.Report{})
	if len(alone) != 1 {
		t.Errorf("without known titles: %d posts, want 1", len(alone))
	}
}
