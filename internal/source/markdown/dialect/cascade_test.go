package dialect

import (
	"strings"
	"testing"
)

// TestCascade reads bare names as an Eleventy page's templates do: the
// front matter first, then the page's data files nearest first, then the
// site's global data; page.* is Eleventy's page variable.
func TestCascade(t *testing.T) {
	front := map[string]any{
		"title":        "One",
		"external_url": "https://x.example/y",
		"metadata":     map[string]any{"youtubeId": "abc123"},
		"photos":       []any{"a.png", "b.png"},
		"shots":        []any{map[string]any{"src": "c.png", "caption": "Harbour *at* dawn"}, map[string]any{"src": "d.png", "caption": "Dusk"}},
		"note":         "front",
	}
	cascade := &Cascade{
		Page: map[string]any{"fileSlug": "first-post", "filePathStem": "/posts/first-post/index"},
		Layers: []map[string]any{
			{"note": "folder", "metadata": map[string]any{"host": "folder.example"}, "steps": []any{"x", "y", "z"}},
			{"links": map[string]any{"home": "https://home.example/"}, "note": "global", "count": 3.0, "nav": map[string]any{"a": "b"}},
		},
		Code: map[string]string{"stats": "_data/stats.js"},
	}
	tests := []struct {
		name, src, want string
		problems        []string
	}{
		{name: "front matter names", src: "[{{ title }}]({{ external_url }})",
			want: `<p><a href="https://x.example/y">One</a></p>`},
		{name: "nested front matter", src: "Video {{ metadata.youtubeId }}.",
			want: `<p>Video abc123.</p>`},
		{name: "front matter wins, folder data under it, deep-merged", src: "{{ note }} {{ metadata.host }} {{ links.home }} {{ count }}",
			want: `<p>front folder.example <a href="https://home.example/">https://home.example/</a> 3</p>`},
		{name: "page variable", src: "/blog/{{ page.fileSlug }}/ {{ page.title }}",
			want: `<p>/blog/first-post/ One</p>`},
		{name: "filters", src: "{{ title | upcase }} {{ title | safe }} {{ \"A Title, Here\" | slugify }} {{ missing | default: \"none\" }}",
			want: `<p>ONE One a-title-here none</p>`},
		{name: "unknown name", src: "a {{ nothing.here }} b",
			want: `<p>a  b</p>`, problems: []string{"1: removed {{ nothing.here }}: neither the post's front matter nor the site's data files (_data, a folder's data file) set it"}},
		{name: "data computed by code", src: "{{ stats.total }}",
			problems: []string{"1: removed {{ stats.total }}: the site's data file for it (_data/stats.js) is code, which a book does not run"}},
		{name: "an object is no text", src: "x{{ nav }}y",
			want:     `<p>xy</p>`,
			problems: []string{"1: removed {{ nav }}: neither the post's front matter nor the site's data files (_data, a folder's data file) set it"}},

		// Loops over data.
		{name: "loop over front matter list", src: "Photos:\n\n{% for src in photos %}\n<figure><img src=\"{{ src }}\" alt=\"p\"></figure>\n{% endfor %}\n\nEnd.",
			want: `<p>Photos:</p><p><img alt="p" src="images/a.png"/></p><p><img alt="p" src="images/b.png"/></p><p>End.</p>`},
		{name: "loop over objects", src: "{% for s in shots %}\n<figure><img src=\"{{ s.src }}\" alt=\"\"><figcaption>{{ s.caption }}</figcaption></figure>\n{% endfor %}",
			want: `<figure><img alt="Harbour *at* dawn" src="images/c.png"/><figcaption>Harbour *at* dawn</figcaption></figure><figure><img alt="Dusk" src="images/d.png"/><figcaption>Dusk</figcaption></figure>`},
		{name: "loop over folder data, reversed, in a sentence", src: "Steps: {% for s in steps reversed %}{{ s }} {% endfor %}done.",
			want: `<p>Steps: z y x done.</p>`},
		{name: "loop over a collection", src: "{% for p in collections.posts %}\n- {{ p.data.title }}\n{% endfor %}",
			problems: []string{"1: removed {% for %} loop: the book has no data for it to run over"}},
		{name: "loop whose body decides", src: "{% for s in photos %}{% if s %}{{ s }}{% endif %}{% endfor %}",
			problems: []string{"1: removed {% for %} loop over photos: its body does more than show each item ({% if %}), which a book does not run"}},
		{name: "loop over text", src: "{% for c in title %}{{ c }}{% endfor %}",
			problems: []string{"1: removed {% for %} loop: the book has no data for it to run over"}},
		{name: "loop with a limit", src: "{% for s in photos limit:1 %}{{ s }}{% endfor %}",
			problems: []string{"1: removed {% for %} loop: the book has no data for it to run over"}},
		{name: "loop never closed", src: "{% for s in photos %}{{ s }}",
			problems: []string{"1: removed {% for %} loop: the book has no data for it to run over",
				"1: removed {{ s }}: neither the post's front matter nor the site's data files (_data, a folder's data file) set it"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := xhtml(t, tt.src, Options{Page: front, Cascade: cascade})
			if got != tt.want {
				t.Errorf("XHTML\n got: %s\nwant: %s", got, tt.want)
			}
			if strings.Join(problems, "\n") != strings.Join(tt.problems, "\n") {
				t.Errorf("problems\n got: %q\nwant: %q", problems, tt.problems)
			}
		})
	}
}

// TestBareNamesOutsideEleventy keeps the other generators' rule: only
// site and page variables have a value, and a loop over the front
// matter's list is written out there too.
func TestBareNamesOutsideEleventy(t *testing.T) {
	got, problems := xhtml(t, "{{ title }} {{ page.title }} {% for t in page.tags %}({{ t }}){% endfor %}", Options{Page: testPage, Site: testSite})
	if want := `<p>On Bikes (a)(b)</p>`; got != want {
		t.Errorf("XHTML\n got: %s\nwant: %s", got, want)
	}
	if want := "1: removed {{ title }}: only site and page variables have a value in a book"; strings.Join(problems, "\n") != want {
		t.Errorf("problems\n got: %q\nwant: %q", problems, want)
	}
}

// TestLoopBounds leaves a loop that would write too much out.
func TestLoopBounds(t *testing.T) {
	long := make([]any, maxLoopItems+1)
	for i := range long {
		long[i] = "x"
	}
	_, problems := xhtml(t, "{% for s in page.many %}{{ s }}{% endfor %}", Options{Page: map[string]any{"many": long}})
	if want := "1: removed {% for %} loop over page.many: its list has more than 1000 items"; strings.Join(problems, "\n") != want {
		t.Errorf("problems\n got: %q\nwant: %q", problems, want)
	}
}

func TestExpand(t *testing.T) {
	opts := Options{Page: map[string]any{"title": "Hello, World"}, Cascade: &Cascade{Page: map[string]any{"fileSlug": "first-post"}}}
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"blog/{{ page.fileSlug }}/index.html", "blog/first-post/index.html", true},
		{"/{{ title | slugify }}/", "/hello-world/", true},
		{"/plain/", "/plain/", true},
		{"/{{ page.date | date: '%Y' }}/x/", "", false},
		{"/{{ title | date: '%Y' }}/x/", "", false}, // a value the book has, through a filter it does not compute
		{"/{{ title | downcase }}/", "/hello, world/", true},
		{"/{% if x %}a{% endif %}/", "", false},
		{"/{{ unknown }}/", "", false},
		{"/{{ page.fileSlug", "", false},
		{"/{{ page.fileSlug }}/{{", "", false},
	} {
		got, ok := Expand(tt.in, opts)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("Expand(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
