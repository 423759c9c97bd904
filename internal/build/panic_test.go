package build

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/anthology-book/anthology/internal/parallel"
)

// panicky is a Progress that panics when the stage named at starts, or at
// its first post done: a stand-in for a bug in a stage, on the build's own
// goroutine or on a worker's.
type panicky struct {
	at       string
	inWorker bool
	current  atomic.Value // the stage's name
}

func (p *panicky) Stage(name string, total int, then string) {
	p.current.Store(name)
	if name == p.at && !p.inWorker {
		panic("bug at " + name)
	}
}

func (p *panicky) PostDone() {
	if name, _ := p.current.Load().(string); name == p.at && p.inWorker {
		panic("bug in a post of " + name)
	}
}

// TestPanicLeavesNoFile checks that a panic anywhere in a build, on its own
// goroutine or in a worker, comes back from Run as a *parallel.PanicError
// with its stack, and leaves the folder as it was.
func TestPanicLeavesNoFile(t *testing.T) {
	blog := writeBlog(t, map[string]string{
		"a.md": "---\ntitle: A\ndate: 2021-05-01\n---\n\nText.\n",
		"b.md": "---\ntitle: B\ndate: 2021-05-02\n---\n\nMore text.\n",
	})
	for _, p := range []*panicky{
		{at: "writing EPUB"},
		{at: "writing PDF"}, // the EPUB's temporary file is made by then
		{at: "writing EPUB", inWorker: true},
		{at: "writing PDF", inWorker: true},
	} {
		name := p.at
		if p.inWorker {
			name += " in a worker"
		}
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			old := filepath.Join(out, "book.epub")
			if err := os.WriteFile(old, []byte("the old book"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Run(context.Background(), Options{
				Sources: []string{blog}, OutputDir: out, Name: "book", Title: "T", Author: "A",
				Formats: DefaultFormats(), PageSize: "a5", Progress: p,
			})
			var pe *parallel.PanicError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *parallel.PanicError", err)
			}
			if !strings.Contains(pe.Error(), "bug") || !strings.Contains(string(pe.Stack), "panicky") {
				t.Errorf("the error %q or its stack does not show the panic:\n%s", pe, pe.Stack)
			}
			if p.inWorker && p.at == "writing EPUB" && !strings.Contains(string(pe.Stack), "parallel.call") {
				t.Errorf("the EPUB's pages are made by workers, but the stack shows none:\n%s", pe.Stack)
			}
			entries, _ := os.ReadDir(out)
			if len(entries) != 1 || entries[0].Name() != "book.epub" {
				t.Errorf("the folder holds %v, want the old book.epub alone", entries)
			}
			if data, _ := os.ReadFile(old); string(data) != "the old book" {
				t.Error("the old book was replaced")
			}
		})
	}
}

// TestStaleTempsRemoved checks that a build removes the temporary files a
// killed build of the same name left, and no other file.
func TestStaleTempsRemoved(t *testing.T) {
	blog := writeBlog(t, map[string]string{"a.md": "---\ntitle: A\ndate: 2021-05-01\n---\n\nText.\n"})
	out := t.TempDir()
	stale := []string{".book.epub.123456.tmp", ".book.pdf.7.tmp", ".book.kepub.epub.99.tmp"}
	kept := []string{
		".other.epub.123.tmp",     // another book's
		".book.epub.epub.123.tmp", // the book named "book.epub"
		".book.epub.x.tmp",        // not os.CreateTemp's
		"book.epub.1.tmp",         // not hidden
		".book.pdf.tmp",           // no random part
		"notes.txt",
	}
	for _, name := range slices.Concat(stale, kept) {
		if err := os.WriteFile(filepath.Join(out, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Run(context.Background(), Options{
		Sources: []string{blog}, OutputDir: out, Name: "book", Title: "T", Author: "A",
		Formats: []string{"epub"}, PageSize: "a5",
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := slices.Sorted(slices.Values(append(slices.Clone(kept), "book.epub")))
	if !slices.Equal(got, want) {
		t.Errorf("the folder holds %q, want %q", got, want)
	}
}

// TestFolderInTheWay checks that a folder where a book goes stops the
// build before anything is written, rather than after the other formats
// were put in place.
func TestFolderInTheWay(t *testing.T) {
	blog := writeBlog(t, map[string]string{"a.md": "---\ntitle: A\ndate: 2021-05-01\n---\n\nText.\n"})
	out := t.TempDir()
	if err := os.Mkdir(filepath.Join(out, "book.pdf"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), Options{
		Sources: []string{blog}, OutputDir: out, Name: "book", Title: "T", Author: "A",
		Formats: DefaultFormats(), PageSize: "a5",
	})
	if err == nil || !strings.Contains(err.Error(), "a folder of that name is in the way") {
		t.Fatalf("got %v, want a folder in the way", err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("the folder holds %v, want the folder book.pdf alone", entries)
	}
}
