package markdown

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
)

// maxIncludeBytes bounds the size of a file a post includes.
const maxIncludeBytes = 4 << 20

// includes returns what reads the files a Jekyll post at rel (below the
// site) includes: {% include x %} from the site's _includes folder,
// {% include_relative x %} beside the post; nil when the post is read
// without its site. Nothing outside the site's folder is read.
func (o Options) includes(rel string) func(name string, relative bool) ([]byte, error) {
	if o.files == nil || rel == "" {
		return nil
	}
	return func(name string, relative bool) ([]byte, error) {
		from := "_includes"
		if relative {
			from = path.Dir(rel)
		}
		file := path.Join(from, name)
		if path.IsAbs(name) || !fs.ValidPath(file) || file == "." || strings.HasPrefix(file, "../") {
			return nil, errors.New("it is outside the site's folder")
		}
		f, err := o.files.Open(path.Join(o.siteDir, file))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("the site has no %s", file)
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", file, unwrapPathError(err))
		}
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, maxIncludeBytes+1))
		switch {
		case err != nil:
			return nil, fmt.Errorf("read %s: %w", file, unwrapPathError(err))
		case len(data) > maxIncludeBytes:
			return nil, fmt.Errorf("%s is over %d MB", file, maxIncludeBytes>>20)
		}
		return data, nil
	}
}
