package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestWXREPUB is check 2 of the WordPress issue: the WXR fixture compiles
// to an EPUB that epubcheck passes, embeds the export's images, and holds
// no WordPress markup.
func TestWXREPUB(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := compile(t, nil, "compile", "../../testdata/wxr/blog.xml", "-o", out, "--name", "alpine", "--title", "Alpine Notes", "--format", "epub", "--min-chapter-size", "1", "-q")
	if code != 0 {
		t.Fatalf("compile: exit %d: %s", code, stderr)
	}
	epub := filepath.Join(out, "alpine.epub")
	files := readEPUB(t, epub)
	var text strings.Builder
	images := 0
	for name, data := range files {
		switch {
		case strings.HasSuffix(name, ".xhtml"):
			text.WriteString(data)
		case strings.HasSuffix(name, ".png") && !strings.Contains(name, "cover"):
			images++
		}
	}
	all := text.String()
	for _, bad := range []string{"[caption", "[/caption]", "[gallery", "<!-- wp:", "wp:paragraph", "&amp;nbsp;", "anthologygallery"} {
		if strings.Contains(all, bad) {
			t.Errorf("the EPUB's text holds %q", bad)
		}
	}
	for _, want := range []string{"Lac Blanc at dawn, before the wind", "Three summits in one day", "Notes on tooling"} {
		if !strings.Contains(all, want) {
			t.Errorf("the EPUB's text lacks %q", want)
		}
	}
	if images != 3 {
		t.Errorf("the EPUB holds %d PNG images, want the export's 3", images)
	}
	// Themes come from the export's categories, else its tags.
	var toc []string
	for _, c := range readNav(t, files) {
		toc = append(toc, c.Link.Title+":")
		for _, p := range c.Children {
			toc = append(toc, p.Link.Title)
		}
	}
	want := []string{"Hiking:", "Dawn at the lake – a walker’s notes", "Three summits", "Azure:", "Notes on tooling"}
	if strings.Join(toc, "|") != strings.Join(want, "|") {
		t.Errorf("contents = %q, want %q", toc, want)
	}
}

// TestSampleWithFeedEPUB is check 3: the Markdown sample and a feed that
// repeats two of its posts give each post once, and -v says what merged.
func TestSampleWithFeedEPUB(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := compile(t, nil, "compile", samplePath, "../../testdata/feeds/cloudinthealps.rss", "-o", out, "--name", "both", "--format", "epub", "-v")
	if code != 0 {
		t.Fatalf("compile: exit %d: %s", code, stderr)
	}
	seen := map[string]int{}
	for _, c := range readNav(t, readEPUB(t, filepath.Join(out, "both.epub"))) {
		for _, p := range c.Children {
			seen[p.Link.Title]++
		}
	}
	for _, title := range append(sampleTitles(t), "Containers, Azure & Service Fabric") {
		if seen[title] != 1 {
			t.Errorf("%q appears %d times, want once", title, seen[title])
		}
	}
	if len(seen) != len(sampleTitles(t))+1 {
		t.Errorf("%d posts in the nav, want %d", len(seen), len(sampleTitles(t))+1)
	}
	says := stdout + stderr
	for _, want := range []string{`merged "Autonomous versus autonomic systems"`, `merged "Azure SLAs"`} {
		if !strings.Contains(says, want) {
			t.Errorf("-v output lacks %q:\n%s", want, says)
		}
	}
}

func TestSourceFlags(t *testing.T) {
	cmd := newCompileCommand(&globalOptions{})
	if err := cmd.ParseFlags([]string{"--media", "uploads", "--fetch-images"}); err != nil {
		t.Fatal(err)
	}
	f := cmd.Flags()
	media, _ := f.GetString("media")
	fetch, _ := f.GetBool("fetch-images")
	if media != "uploads" || !fetch {
		t.Errorf("--media %q, --fetch-images %v", media, fetch)
	}
	cmd = newCompileCommand(&globalOptions{})
	if fetch, _ := cmd.Flags().GetBool("fetch-images"); fetch {
		t.Error("--fetch-images is on by default")
	}
}
