package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// built is the anthology command, built once for the tests that run it
// as a user does: to send it signals, or to run it under resource limits.
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// anthologyBinary builds the anthology command into a temporary folder,
// once per test process, and returns its path. TestMain removes it.
func anthologyBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			built.err = err
			return
		}
		if built.dir, built.err = os.MkdirTemp("", "anthology-bin-"); built.err != nil {
			return
		}
		path := filepath.Join(built.dir, "anthology")
		// Built as a release is (see README): without cgo, which anthology
		// does not need, glibc's malloc reserves 64 MB of address space
		// for each thread, and the 2 GB address-space limit of the
		// hostile-input table would measure that rather than anthology.
		cmd := exec.Command(goTool, "build", "-o", path, "github.com/anthology-book/anthology/cmd/anthology")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			built.err = &buildError{err: err, out: out}
			return
		}
		built.path = path
	})
	if built.err != nil {
		t.Fatalf("build anthology: %v", built.err)
	}
	return built.path
}

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + string(e.out) }

// removeBinary deletes what anthologyBinary built.
func removeBinary() {
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
}
