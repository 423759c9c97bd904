package config

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func manyKeys(n int, format string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

// TestParseLimits checks that a book file too large or with too many keys
// is refused at once, with its line, before it is decoded.
func TestParseLimits(t *testing.T) {
	tests := []struct {
		name, src string
		want      string
	}{
		{"400,000 keys in site", "title: T\nsite:\n" + manyKeys(400_000, " k%d: 1\n"), "book file: the file is "},
		{"too many keys in site", "title: T\nsite:\n" + manyKeys(MaxKeys, " k%d: 1\n"), "book file:10001: more than 10000 keys, the limit of a book file"},
		{"too many nested keys", "site:\n a:\n" + manyKeys(MaxKeys/2, "  k%d: 1\n") + " b:\n" + manyKeys(MaxKeys/2, "  k%d: 1\n"), "book file:10001: more than 10000 keys"},
		{"too many shortcodes", "shortcodes:\n" + manyKeys(MaxKeys+1, " s%d: {as: drop}\n"), "more than 10000 keys"},
		{"too large", "title: T\ndescription: " + strings.Repeat("x", MaxBytes), "book file: the file is 1 MB, over the limit of 1 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := Parse([]byte(tt.src))
			var perr *ParseError
			if !errors.As(err, &perr) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want a parse error with %q", err, tt.want)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	if _, err := Parse([]byte("title: T\nsite:\n" + manyKeys(MaxKeys-2, " k%d: 1\n"))); err != nil {
		t.Errorf("a book file at the limit: %v", err)
	}
}

// TestLoadRefusesSpecialFiles checks that a named pipe or a device given
// as the book file is an error at once, never a wait or an endless read.
func TestLoadRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, DefaultName)
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("title: "+strings.Repeat("x", MaxBytes)), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{fifo, fifo + ": not a regular file but a named pipe (FIFO); only regular files are read"},
		{"/dev/zero", "/dev/zero: not a regular file but a character device; only regular files are read"},
		{big, big + ": the file is 1 MB, over the limit of 1 MB"},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		done := make(chan error, 1)
		go func() {
			_, err := Load(tt.path)
			done <- err
		}()
		select {
		case err := <-done:
			var perr *ParseError
			if !errors.As(err, &perr) || err.Error() != tt.want {
				t.Errorf("Load(%s) = %v, want %q", filepath.Base(tt.path), err, tt.want)
			}
		case <-ctx.Done():
			t.Errorf("Load(%s) did not return", filepath.Base(tt.path))
		}
		cancel()
	}
}

func TestParseErrorQuotesOddNames(t *testing.T) {
	err := &ParseError{File: "a\nanthology: forged.yaml", Line: 2, Msg: "bad"}
	if got, want := err.Error(), `"a\nanthology: forged.yaml":2: bad`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("title: T\nauthor: A\nlang: en\nthemes:\n - name: Cloud\n   match: [azure]\n"))
	f.Add([]byte("shortcodes:\n  fig: {as: figure}\nsite:\n  baseurl: /x\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("themes:\n - {}\n"))
	f.Add([]byte("title: [1, {x: y}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			var perr *ParseError
			if !errors.As(err, &perr) || perr.Msg == "" {
				t.Fatalf("error %v is not a *ParseError with a message", err)
			}
			return
		}
		for _, th := range c.Themes {
			if th.Name == "" {
				t.Error("a theme without a name")
			}
		}
	})
}

// The book file's printer sets the most pages of a printed volume; any
// other name is an error on its line.
func TestPrinter(t *testing.T) {
	for _, tt := range []struct {
		yaml string
		want int
	}{
		{"title: T\n", 0},
		{"printer: kdp\n", 828},
		{"printer: ingram\n", 1200},
		{"printer: lulu\n", 800},
		{"printer: \" KDP\"\n", 828},
	} {
		c, err := Parse([]byte(tt.yaml))
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.yaml, err)
		}
		if got := c.MaxPages(); got != tt.want {
			t.Errorf("Parse(%q).MaxPages() = %d, want %d", tt.yaml, got, tt.want)
		}
	}
	for _, bad := range []string{"title: T\nprinter: lightning\n", "title: T\nprinter: kdp828\n"} {
		_, err := Parse([]byte(bad))
		var perr *ParseError
		if !errors.As(err, &perr) || perr.Line != 2 || !strings.Contains(perr.Msg, "printer") {
			t.Errorf("Parse(%q) = %v, want an error on line 2 naming printer", bad, err)
		}
	}
}
