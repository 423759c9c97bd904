//go:build unix

package cli

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/testkit"
)

// TestSignalsLeaveBooksIntact stops builds of a 1,500-post blog with
// SIGINT or SIGTERM at several points, early in reading and once the
// books are being written: each time the command exits with 1, the books
// of the build before are the same files with the same bytes, and no
// temporary file is left. A build killed outright (SIGKILL) leaves its
// temporary files, and the next build removes them.
func TestSignalsLeaveBooksIntact(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1,500-post book several times")
	}
	bin := anthologyBinary(t)
	blog := filepath.Join(t.TempDir(), "blog")
	if err := testkit.WriteBlog(blog, testkit.BlogOptions{Posts: 1500, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	args := []string{"compile", blog, "-o", out, "--name", "book", "-q"}
	first, stderr := start(t, bin, args)
	if code := exitCode(t, first); code != 0 {
		t.Fatalf("the first build: exit %d: %s", code, stderr)
	}
	// The points to stop at are shares of the processor time a whole build
	// takes, so that they fall inside the build however fast it gets.
	work := first.ProcessState.UserTime() + first.ProcessState.SystemTime()
	books := snapshot(t, out)

	for _, tt := range []struct {
		name   string
		sig    os.Signal
		after  time.Duration // 0: once the temporary file of temp appears
		temp   string
		stderr string
	}{
		{"SIGINT a twentieth of the way", os.Interrupt, work / 20, "", "interrupt signal received"},
		{"SIGINT a third of the way", os.Interrupt, work / 3, "", "interrupt signal received"},
		{"SIGINT two thirds of the way", os.Interrupt, work * 2 / 3, "", "interrupt signal received"},
		{"SIGINT writing the EPUB", os.Interrupt, 0, "book.epub", "interrupt signal received"},
		{"SIGINT writing the PDF", os.Interrupt, 0, "book.pdf", "interrupt signal received"},
		{"SIGTERM writing the EPUB", syscall.SIGTERM, 0, "book.epub", "terminated signal received"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cmd, stderr := start(t, bin, args)
			waitFor(t, cmd.Process.Pid, out, tt.after, tt.temp)
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			code := exitCode(t, cmd)
			want := "anthology: stopped: " + tt.stderr + "; nothing was written\n"
			if code != 1 || stderr.String() != want {
				t.Errorf("exit %d, stderr %q; want exit 1, %q", code, stderr, want)
			}
			books.check(t, out)
		})
	}

	t.Run("SIGKILL, then a build", func(t *testing.T) {
		cmd, _ := start(t, bin, args)
		waitFor(t, cmd.Process.Pid, out, 0, "book.pdf")
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
		if len(temps(t, out)) == 0 {
			t.Fatal("the killed build left no temporary file: nothing to clean up")
		}
		if code, stderr := runToEnd(t, bin, args); code != 0 {
			t.Fatalf("the build after: exit %d: %s", code, stderr)
		}
		if left := temps(t, out); len(left) != 0 {
			t.Errorf("the build after the killed one left %q", left)
		}
	})
}

// books are the files of an output folder and their bytes.
type books struct {
	data  map[string][]byte
	stats map[string]os.FileInfo
}

func snapshot(t *testing.T, dir string) books {
	t.Helper()
	b := books{data: map[string][]byte{}, stats: map[string]os.FileInfo{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if b.data[e.Name()], err = os.ReadFile(path); err != nil {
			t.Fatal(err)
		}
		if b.stats[e.Name()], err = os.Stat(path); err != nil {
			t.Fatal(err)
		}
	}
	if len(b.data) != 2 {
		t.Fatalf("the first build wrote %d files, want the EPUB and the PDF", len(b.data))
	}
	return b
}

// check fails t unless dir holds the same files as when b was taken: the
// same names, the same files (not new ones with the same bytes, as a
// finished build of the same blog makes), the same bytes.
func (b books) check(t *testing.T, dir string) {
	t.Helper()
	now := snapshot(t, dir)
	for name, data := range b.data {
		if !bytes.Equal(now.data[name], data) {
			t.Errorf("%s changed", name)
		}
		if fi := now.stats[name]; fi == nil || !os.SameFile(fi, b.stats[name]) {
			t.Errorf("%s was replaced", name)
		}
	}
	if len(now.data) != len(b.data) {
		var names []string
		for name := range now.data {
			names = append(names, name)
		}
		t.Errorf("the folder holds %q, want the books of the first build alone", names)
	}
}

func start(t *testing.T, bin string, args []string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() }) // a no-op once it has exited
	return cmd, &stderr
}

func runToEnd(t *testing.T, bin string, args []string) (int, string) {
	t.Helper()
	cmd, stderr := start(t, bin, args)
	return exitCode(t, cmd), stderr.String()
}

func exitCode(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	err := cmd.Wait()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		return exit.ExitCode()
	}
	t.Fatalf("anthology did not exit by itself: %v", err)
	return -1
}

// waitFor waits for d, or, when d is 0, until the temporary file of the
// book named file appears in dir: the build is writing that book.
func waitFor(t *testing.T, pid int, dir string, d time.Duration, file string) {
	t.Helper()
	if d > 0 {
		waitWorked(pid, d)
		return
	}
	deadline := time.Now().Add(30 * time.Second)
	for !slices.ContainsFunc(temps(t, dir), func(name string) bool { return strings.HasPrefix(name, "."+file+".") }) {
		if time.Now().After(deadline) {
			t.Fatalf("no temporary file of %s appeared within 30s", file)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitWorked waits until process pid has run for d of processor time, where
// /proc tells, so that a loaded machine, which may leave a new process
// without a processor for longer than d, still stops it at the same point
// of its work; elsewhere it waits d.
func waitWorked(pid int, d time.Duration) {
	const tick = 10 * time.Millisecond // USER_HZ is 100 on Linux
	start := time.Now()
	for time.Since(start) < 30*time.Second {
		stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
		if err != nil {
			break
		}
		// the fields after the command's name, which is in parentheses
		f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(f) < 13 {
			break
		}
		utime, _ := strconv.Atoi(f[11])
		stime, _ := strconv.Atoi(f[12])
		if time.Duration(utime+stime)*tick >= d {
			return
		}
		time.Sleep(time.Millisecond)
	}
	if remain := d - time.Since(start); remain > 0 {
		time.Sleep(remain)
	}
}

// temps lists the temporary files in dir.
func temps(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			names = append(names, e.Name())
		}
	}
	return names
}
