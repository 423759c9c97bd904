package markdown

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/anthology-book/anthology/internal/book"
)

// TestCovers checks the pictures that themes draw above a post from its
// front matter: the post opens with them, once, and a preview for social
// sites stays out.
func TestCovers(t *testing.T) {
	tests := []struct {
		name, front, body string
		web               bool
		want              string // the body's first line
		warning           string
	}{
		{name: "PaperMod cover with alt and caption", front: "cover:\n  image: cover.jpg\n  alt: A bike\n  caption: On the col\n",
			want: `![A bike](<cover.jpg> "On the col")`},
		{name: "PaperMod cover hidden on the page", front: "cover:\n  image: cover.jpg\n  hiddenInSingle: true\n", want: "Text."},
		{name: "Ananke featured_image, no alt: decorative", front: "featured_image: /images/top.jpg\n", want: `![](</images/top.jpg> "decorative")`},
		{name: "LoveIt featuredImage", front: "featuredImage: top.png\n", want: `![](<top.png> "decorative")`},
		{name: "Minimal Mistakes header image", front: "header:\n  image: /assets/h.jpg\n  teaser: /assets/t.jpg\n  caption: \"Photo: me\"\n",
			want: `![Photo: me](</assets/h.jpg> "Photo: me")`},
		{name: "Chirpy image path", front: "image:\n  path: /img/c.png\n  alt: Chart\n", want: `![Chart](</img/c.png>)`},
		{name: "a bare image is a social preview", front: "image: /img/card.png\nimages: [/img/card.png]\n", want: "Text."},
		{name: "the body shows it already", front: "featured_image: /images/1.jpeg\n", body: "![a](images/1.jpeg)\n", want: "![a](images/1.jpeg)"},
		{name: "a longer name is another file", front: "featured_image: /images/1.jpeg\n", body: "![a](images/11.jpeg)\n", want: `![](</images/1.jpeg> "decorative")`},
		{name: "on the web, not fetched", front: "featured_image: https://example.org/top.jpg\n", want: "Text.",
			warning: "p.md:1: the cover picture on the web (https://example.org/top.jpg) is left out: --fetch-images downloads it"},
		{name: "on the web, fetched", front: "featured_image: https://example.org/top.jpg\n", web: true, want: `![](<https://example.org/top.jpg> "decorative")`},
		{name: "alt text escaped", front: "cover:\n  image: c.jpg\n  alt: \"a [b] *c*\"\n", want: `![a \[b\] \*c\*](<c.jpg>)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body
			if body == "" {
				body = "Text.\n"
			}
			src := "---\ntitle: T\n" + tt.front + "---\n" + body
			rep := &book.Report{}
			p, err := Read([]byte(src), "p.md", Options{WebCovers: tt.web}, rep)
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(p.Body), "\n")
			if first != tt.want {
				t.Errorf("first line %q, want %q", first, tt.want)
			}
			var warnings []string
			for _, w := range rep.Warnings {
				warnings = append(warnings, w.String())
			}
			if got := strings.Join(warnings, "\n"); got != tt.warning {
				t.Errorf("warnings %q, want %q", got, tt.warning)
			}
			// The body's own lines keep their numbers.
			if line := p.BodyLine + strings.Count(string(p.Body[:strings.Index(string(p.Body), strings.TrimSpace(body))]), "\n"); line != strings.Count(src[:strings.Index(src, body)], "\n")+1 {
				t.Errorf("the body's first line is numbered %d", line)
			}
		})
	}
}

// TestCoverWarnedOnce checks that covers on the web left out are told of
// once for the blog.
func TestCoverWarnedOnce(t *testing.T) {
	post := "---\ntitle: T\nfeatured_image: https://example.org/%s.jpg\n---\nText.\n"
	fsys := fstest.MapFS{"hugo.toml": {Data: []byte("title = 'x'\n")}}
	for _, n := range []string{"a", "b", "c"} {
		fsys["content/posts/"+n+".md"] = &fstest.MapFile{Data: []byte(strings.ReplaceAll(post, "%s", n))}
	}
	rep := &book.Report{}
	if _, err := LoadBlog(context.Background(), fsys, ".", "site", Options{}, rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].Msg, "in 3 posts") {
		t.Errorf("want one warning for 3 posts, got %v", rep.Warnings)
	}
}
