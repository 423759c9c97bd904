package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// TestPanicIsAnInternalError checks that a panic, here in reading the
// environment, ends the command with exit code 3 and a message saying it
// is a bug, with its stack on -v, and that it leaves no file.
func TestPanicIsAnInternalError(t *testing.T) {
	for _, verbose := range []bool{false, true} {
		out := t.TempDir()
		args := []string{"compile", samplePath, "-o", out, "--format", "epub"}
		if verbose {
			args = append(args, "-v")
		}
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, &stdout, &stderr, func(string) string { panic("environment unreadable") })
		if code != exitInternal {
			t.Errorf("-v=%v: exit code %d, want %d", verbose, code, exitInternal)
		}
		msg := stderr.String()
		if !strings.HasPrefix(msg, "anthology: internal error: panic: environment unreadable\n") {
			t.Errorf("-v=%v: stderr does not start with the internal error:\n%s", verbose, msg)
		}
		if !strings.Contains(msg, "hint: this is a bug in anthology: please report it") {
			t.Errorf("-v=%v: stderr does not ask for a report:\n%s", verbose, msg)
		}
		if hasStack := strings.Contains(msg, "goroutine "); hasStack != verbose {
			t.Errorf("-v=%v: stack printed: %v\n%s", verbose, hasStack, msg)
		}
		if entries, _ := os.ReadDir(out); len(entries) != 0 {
			t.Errorf("-v=%v: the failed build left %v", verbose, entries)
		}
	}
}

// TestCancelled checks the message of a build stopped by its context.
func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"compile", samplePath, "-o", out}, &stdout, &stderr, func(string) string { return "" })
	if code != exitError || stderr.String() != "anthology: stopped: context canceled; nothing was written\n" {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("the cancelled build left %v", entries)
	}
}
