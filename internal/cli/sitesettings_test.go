package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSiteSettingsMakeTheBook compiles a multilingual Hugo fixture site:
// the book takes its title, author and language from the site's config,
// in the default language or the one --lang asks for, and holds one
// language's posts only.
func TestSiteSettingsMakeTheBook(t *testing.T) {
	tests := []struct {
		args []string
		file string   // the book's file name
		opf  []string // in the package document
		want []string // in the posts' text
		not  []string
	}{
		{
			file: "tide-tables.epub",
			opf:  []string{">Tide Tables</dc:title>", ">Morgan Quay</dc:creator>", "<dc:language>en-GB</dc:language>"},
			want: []string{"The sea came higher than the harbour wall", "Barely a ripple"},
			not:  []string{"La mer est montée", "A page about this site", "A stand-alone page", "Only a link on the list page", "A note with a date"},
		},
		{
			args: []string{"--lang", "fr"},
			file: "tables-des-marees.epub",
			opf:  []string{">Tables des marées</dc:title>", "<dc:language>fr</dc:language>"},
			want: []string{"La mer est montée plus haut"},
			not:  []string{"The sea came higher", "Barely a ripple"},
		},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out := t.TempDir()
			var stdout, stderr bytes.Buffer
			env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
			args := append([]string{"compile", "../../testdata/sites/hugo-multilingual", "-o", out, "--format", "epub"}, tt.args...)
			if code := run(context.Background(), args, &stdout, &stderr, func(k string) string { return env[k] }); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			if strings.Contains(stderr.String(), "no title given") || strings.Contains(stderr.String(), "no author given") {
				t.Errorf("the site's settings were not used:\n%s", stderr.String())
			}
			book := filepath.Join(out, tt.file)
			if _, err := os.Stat(book); err != nil {
				entries, _ := os.ReadDir(out)
				t.Fatalf("want %s, got %v", tt.file, entries)
			}
			opf := siteZipEntry(t, book, ".opf")
			for _, s := range tt.opf {
				if !strings.Contains(opf, s) {
					t.Errorf("package document lacks %q:\n%s", s, opf)
				}
			}
			text := epubText(t, book)
			for _, s := range tt.want {
				if !strings.Contains(text, s) {
					t.Errorf("missing from the book: %q", s)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(text, s) {
					t.Errorf("in the book but should not be: %q", s)
				}
			}
		})
	}
}

// TestBadDateIsInputError checks that a date no generator reads stops the
// build with one message naming the file and line, and exit code 1 (bad
// input), not 2 or a panic.
func TestBadDateIsInputError(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"compile", "../../testdata/sites/bad-date", "-o", out}, &stdout, &stderr, func(string) string { return "" })
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	if msg := stderr.String(); !strings.Contains(msg, "2020-02-02-when.md:3:") || !strings.Contains(msg, `unknown date format "the second Tuesday after the thaw"`) {
		t.Errorf("message does not name the file, line and date:\n%s", msg)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("files left behind: %v", entries)
	}
}

// siteZipEntry returns the first entry of the zip file name ending in suffix.
func siteZipEntry(t *testing.T, name, suffix string) string {
	t.Helper()
	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, suffix) {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			data, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(data)
		}
	}
	t.Fatalf("%s has no %s entry", name, suffix)
	return ""
}
