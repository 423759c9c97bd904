package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// binary is the anthology command, built once for the tests that run it
// as a user does: to send it signals, or to run it under resource limits.
var binary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// anthologyBinary builds the anthology command into a temporary folder,
// once per test process, and returns its path. TestMain removes it.
func anthologyBinary(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			binary.err = err
			return
		}
		if binary.dir, binary.err = os.MkdirTemp("", "anthology-bin-"); binary.err != nil {
			return
		}
		path := filepath.Join(binary.dir, "anthology")
		out, err := exec.Command(goTool, "build", "-o", path, "github.com/anthology-book/anthology/cmd/anthology").CombinedOutput()
		if err != nil {
			binary.err = &buildError{err: err, out: out}
			return
		}
		binary.path = path
	})
	if binary.err != nil {
		t.Fatalf("build anthology: %v", binary.err)
	}
	return binary.path
}

type buildError struct {
	err error
	out []byte
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + string(e.out) }

// removeBinary deletes what anthologyBinary built.
func removeBinary() {
	if binary.dir != "" {
		os.RemoveAll(binary.dir)
	}
}
