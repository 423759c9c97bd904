package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// compileWithTerminal runs compile in-process as if stderr were a
// terminal, and returns what went to stderr.
func compileWithTerminal(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	g := &globalOptions{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }, terminal: true}
	root := newRootCommand(g)
	root.SetArgs(append([]string{"compile", samplePath, "-o", t.TempDir()}, args...))
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatalf("compile: %v\n%s", err, stderr.String())
	}
	return stderr.String()
}

func TestProgressOnTerminal(t *testing.T) {
	got := compileWithTerminal(t)
	for _, want := range []string{"reading posts", "parsing", "writing EPUB", "writing PDF", "/20)"} {
		if !strings.Contains(got, want) {
			t.Errorf("progress lacks %q:\n%q", want, got)
		}
	}
	// The display rewrites one line and clears it before the warnings
	// (the sample has undated posts).
	display, warnings, ok := strings.Cut(got, "warning: ")
	if !ok {
		t.Fatalf("no warning after the progress:\n%q", got)
	}
	if strings.Contains(display, "\n") || strings.Contains(warnings, "\r") {
		t.Errorf("progress wrote a new line, or showed after the warnings:\n%q", got)
	}
	if !strings.HasSuffix(strings.TrimRight(display, " "), "\r") {
		t.Errorf("progress does not clear its line before the warnings:\n%q", got)
	}
}

func TestNoProgressWhenQuiet(t *testing.T) {
	if got := compileWithTerminal(t, "-q"); got != "" {
		t.Errorf("-q on a terminal: stderr %q, want nothing", got)
	}
}

func TestNoProgressWithoutTerminal(t *testing.T) {
	code, stdout, stderr := compile(t, nil, "compile", samplePath, "-o", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.ContainsAny(stderr, "\r") || strings.Contains(stderr, "writing") {
		t.Errorf("stderr is not a terminal but shows progress: %q", stderr)
	}
	if !strings.HasPrefix(stdout, "wrote ") {
		t.Errorf("stdout: %q", stdout)
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, w := range []any{f, &bytes.Buffer{}} {
		if isTerminal(w.(interface{ Write([]byte) (int, error) })) {
			t.Errorf("isTerminal(%T) = true", w)
		}
	}
}

func TestNilProgressIsSilent(t *testing.T) {
	var p *progress
	p.Stage("x", 3, "y")
	p.Add(1)
	p.PostDone()
	p.Done()
}
