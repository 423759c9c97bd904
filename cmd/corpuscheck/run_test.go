package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/testkit"
	"github.com/anthology-book/anthology/internal/tooltest"
)

// TestMeasureAGeneratedHugoSite builds anthology, compiles a generated
// Hugo site with it, and checks the row corpuscheck makes of it: every
// post and image found, epubcheck clean, the words of the sources in both
// books, and the stray template tag and own-site link planted in one post
// counted.
func TestMeasureAGeneratedHugoSite(t *testing.T) {
	testkit.NeedPDFTools(t)
	tooltest.Need(t, "java")
	if _, err := os.Stat(tooltest.EPUBCheckJar); err != nil {
		tooltest.Missing(t, "epubcheck ("+tooltest.EPUBCheckJar+")")
	}
	root := t.TempDir()
	site := filepath.Join(root, "site")
	if err := testkit.WriteBlog(filepath.Join(site, "content"), testkit.BlogOptions{Posts: 6, Seed: 3, Paragraphs: 3, Images: true}); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(site, "content", "anthology.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "hugo.toml"), []byte("baseURL = 'https://pots.example/'\ntitle = 'Pots'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	first := filepath.Join(site, "content", "posts", "post-0001.md")
	data, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	planted := string(data) + "\nA lone }} is no tag.\n\nA stray {{ left by a theme, and [our old page](https://pots.example/old/).\n"
	if err := os.WriteFile(first, []byte(planted), 0o644); err != nil {
		t.Fatal(err)
	}

	work := filepath.Join(root, "work")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-repo", "../..", "-work", work, "-json", filepath.Join(root, "r.json"), "pots=" + site + "@hugo"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout.String(), stderr.String())
	}
	data, err = os.ReadFile(filepath.Join(root, "r.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rs []result
	if err := json.Unmarshal(data, &rs); err != nil {
		t.Fatal(err)
	}
	r := rs[0]
	if !r.Built || r.Published != 6 || r.Found != 6 {
		t.Errorf("built %v, posts found %d / published %d; want 6 / 6", r.Built, r.Found, r.Published)
	}
	if r.Missing+r.Extra != 0 {
		t.Errorf("titles missing %q, extra %q; want none", r.MissingTitles, r.ExtraTitles)
	}
	if r.EPUBCheck.Errors+r.EPUBCheck.Fatals != 0 {
		t.Errorf("epubcheck: %+v", r.EPUBCheck)
	}
	if r.ImagesSource == 0 || r.ImagesHeld != r.ImagesSource || r.ImagesEPUB != r.ImagesSource || r.ImagesPDF != r.ImagesSource {
		t.Errorf("images source / EPUB / PDF = %d / %d / %d, want all equal and some", r.ImagesSource, r.ImagesEPUB, r.ImagesPDF)
	}
	if r.RecallEPUB < 0.99 || r.RecallPDF < 0.99 || r.SourceWords < 500 {
		t.Errorf("recall of %d words: EPUB %.3f, PDF %.3f; want 0.99 or more", r.SourceWords, r.RecallEPUB, r.RecallPDF)
	}
	if r.TemplateEPUB != 1 || r.TemplatePDF < 1 {
		t.Errorf("template lines EPUB / PDF = %d / %d, want the planted one (%q)", r.TemplateEPUB, r.TemplatePDF, r.TemplateExamples)
	}
	if r.OwnLinks != 1 {
		t.Errorf("own-site links = %d (%q), want the planted one", r.OwnLinks, r.LinkExamples)
	}
	if r.NotPrinted != 0 || r.PeakRSSMB <= 0 || r.Seconds <= 0 {
		t.Errorf("not printed %d (%s), peak RSS %.0f MB, %.1f s", r.NotPrinted, r.NotPrintedChars, r.PeakRSSMB, r.Seconds)
	}
	if !strings.Contains(stdout.String(), "| pots | hugo | 6 / 6 |") {
		t.Errorf("table:\n%s", stdout.String())
	}
}

func TestBadArguments(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), nil, &stdout, &stderr); code != 2 {
		t.Errorf("no blogs: exit %d, want 2", code)
	}
	if code := run(context.Background(), []string{"x=" + t.TempDir()}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "cannot tell the generator") {
		t.Errorf("an unknown blog: exit %d, stderr %q", code, stderr.String())
	}
}
