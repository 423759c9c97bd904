// Package confine is how anthology opens the files a book is made from.
// Every input goes through it: a folder is read as a Tree, which follows
// symbolic links only while they stay inside the folder, and a lone file
// through ReadFile or Open. Only regular files and folders are opened: a
// named pipe, a device or a socket is refused before it is opened for
// reading, so that none can block a build or feed it without end. It
// also counts the keys of YAML before it is decoded (YAMLKeys), so that
// front matter and the book file are refused before costly work.
package confine

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// ErrOutside is a file whose real path leaves the folder it is read from:
// a symbolic link to somewhere else, or one with an absolute target.
var ErrOutside = errors.New("a symbolic link to outside the source folder, not followed")

// ErrAbsoluteLink is a symbolic link with an absolute target: links inside
// a folder must be relative to be followed.
var ErrAbsoluteLink = errors.New("a symbolic link with an absolute target, not followed (make it relative)")

// NotRegularError is a file that is not a regular file or a folder: a
// named pipe, a device or a socket.
type NotRegularError struct{ Mode fs.FileMode }

func (e *NotRegularError) Error() string {
	return "not a regular file but " + kindOf(e.Mode) + "; only regular files are read"
}

// TooLargeError is a file over the size limit of what reads it.
type TooLargeError struct{ Size, Limit int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the file is %s, over the limit of %s", Size(e.Size), Size(e.Limit))
}

func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}

// Size writes a size in bytes as people read it: "512 bytes", "28.8 KB",
// "50 MB", counting in 1024s.
func Size(n int64) string {
	const unit = 1 << 10
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	v, suffix := float64(n)/unit, "KB"
	for _, s := range []string{"MB", "GB", "TB"} {
		if v < unit {
			break
		}
		v, suffix = v/unit, s
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", v), ".0") + " " + suffix
}

// openFlags open a file for reading without waiting: opening a named
// pipe for reading would otherwise block until a writer comes.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK

// Open opens the file name for reading, refusing anything that is neither
// a regular file nor a folder. It is for files the user names, which may
// be anywhere; files found inside a folder are opened through a Tree.
func Open(name string) (*os.File, error) {
	f, err := os.OpenFile(name, openFlags, 0)
	if err != nil {
		return nil, err
	}
	if err := checkOpened(f, name); err != nil {
		return nil, err
	}
	return f, nil
}

// ReadFile reads the regular file name, refusing it if it is larger than
// limit bytes (no limit when limit <= 0).
func ReadFile(name string, limit int64) ([]byte, error) {
	f, err := Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f, name, limit)
}

// checkOpened closes f and reports an error when it is not a regular file
// or a folder.
func checkOpened(f fs.File, name string) error {
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	if m := info.Mode(); !m.IsRegular() && !m.IsDir() {
		f.Close()
		return &fs.PathError{Op: "open", Path: name, Err: &NotRegularError{Mode: m}}
	}
	return nil
}

func readAll(f fs.File, name string, limit int64) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a folder")}
	}
	if limit > 0 && info.Size() > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: &TooLargeError{Size: info.Size(), Limit: limit}}
	}
	r := io.Reader(f)
	if limit > 0 {
		r = io.LimitReader(f, limit+1)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if limit > 0 && int64(len(data)) > limit {
		return nil, &fs.PathError{Op: "read", Path: name, Err: &TooLargeError{Size: int64(len(data)), Limit: limit}}
	}
	return data, nil
}

// Tree is a folder whose files are read without leaving it: a symbolic
// link is followed while its target stays inside, and refused with
// ErrOutside (or ErrAbsoluteLink) when it does not. It is an fs.FS, so
// every stage that reads a post's files, images included, stays inside.
type Tree struct {
	root *os.Root
	dir  string
}

// Dir opens the folder dir as a Tree. The Tree keeps the folder open for
// the life of the build.
func Dir(dir string) (*Tree, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Tree{root: r, dir: dir}, nil
}

// Open opens name, a slash-separated path inside the tree, refusing what
// is not a regular file or a folder before it is read.
func (t *Tree) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := t.root.OpenFile(name, openFlags, 0)
	if err != nil {
		return nil, t.explain("open", name, err)
	}
	if err := checkOpened(f, name); err != nil {
		return nil, err
	}
	return f, nil
}

// Stat returns what name is, following links that stay inside the tree.
func (t *Tree) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	info, err := t.root.Stat(name)
	if err != nil {
		return nil, t.explain("stat", name, err)
	}
	return info, nil
}

// ReadDir lists the folder name in name order; entries describe links as
// links, without following them.
func (t *Tree) ReadDir(name string) ([]fs.DirEntry, error) {
	f, err := t.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dir, ok := f.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a folder")}
	}
	entries, err := dir.ReadDir(-1)
	sortEntries(entries)
	return entries, err
}

// ReadFile reads the regular file name of the tree.
func (t *Tree) ReadFile(name string) ([]byte, error) {
	return t.ReadFileMax(name, 0)
}

// ReadFileMax reads the regular file name of the tree, refusing it if it is
// larger than limit bytes (no limit when limit <= 0).
func (t *Tree) ReadFileMax(name string, limit int64) ([]byte, error) {
	f, err := t.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAll(f, name, limit)
}

// explain turns os.Root's refusal of a path that leaves the folder, which
// it does not export, into ErrOutside or ErrAbsoluteLink. Only the message
// is decided here: the refusal itself is os.Root's.
func (t *Tree) explain(op, name string, err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return err
	}
	real, evalErr := filepath.EvalSymlinks(filepath.Join(t.dir, filepath.FromSlash(name)))
	top, topErr := filepath.EvalSymlinks(t.dir)
	if evalErr != nil || topErr != nil {
		return err
	}
	if rel, relErr := filepath.Rel(top, real); relErr == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		if !strings.Contains(err.Error(), "escapes") {
			return err
		}
		return &fs.PathError{Op: op, Path: name, Err: ErrAbsoluteLink}
	}
	return &fs.PathError{Op: op, Path: name, Err: ErrOutside}
}

func sortEntries(entries []fs.DirEntry) {
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
}
