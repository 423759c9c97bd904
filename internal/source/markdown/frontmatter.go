package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// frontMatter is a post's metadata block as decoded, before interpretation.
type frontMatter map[string]any

// splitFrontMatter separates a YAML (---) or TOML (+++) block from the body.
// bodyLine is the 1-based line on which the body starts.
func splitFrontMatter(data []byte) (fm frontMatter, body []byte, bodyLine int, err error) {
	var delim string
	switch {
	case bytes.HasPrefix(data, []byte("---\n")):
		delim = "---"
	case bytes.HasPrefix(data, []byte("+++\n")):
		delim = "+++"
	default:
		return nil, data, 1, nil
	}
	rest := data[4:]
	end, after := -1, 0
	for off := 0; off <= len(rest); {
		line, next := rest[off:], len(rest)
		if i := bytes.IndexByte(rest[off:], '\n'); i >= 0 {
			line, next = rest[off:off+i], off+i+1
		}
		trimmed := string(bytes.TrimRight(line, " \t"))
		if trimmed == delim || (delim == "---" && trimmed == "...") {
			end, after = off, next
			break
		}
		if next == len(rest) && off == next {
			break
		}
		off = next
	}
	if end < 0 {
		return nil, nil, 0, &lineError{line: 1, err: fmt.Errorf("front matter opened with %q is never closed", delim)}
	}
	block := rest[:end]
	fmLines := bytes.Count(block, []byte("\n"))
	bodyLine = 2 + fmLines + 1
	fm = frontMatter{}
	if delim == "---" {
		err = decodeYAML(block, fm)
	} else {
		err = decodeTOML(block, fm)
	}
	if err != nil {
		return nil, nil, 0, err
	}
	return fm, rest[after:], bodyLine, nil
}

// lineError is an error at a line of the post's file.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return e.err.Error() }
func (e *lineError) Unwrap() error { return e.err }

var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

func decodeYAML(block []byte, fm frontMatter) error {
	var node map[string]any
	if err := yaml.Unmarshal(block, &node); err != nil {
		// yaml.v3 counts lines from the block's start; the block starts on line 2.
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			return &lineError{line: n + 1, err: fmt.Errorf("malformed YAML front matter: %s", m[2])}
		}
		return &lineError{line: 1, err: fmt.Errorf("malformed YAML front matter: %v", err)}
	}
	for k, v := range node {
		fm[k] = v
	}
	return nil
}

func decodeTOML(block []byte, fm frontMatter) error {
	var node map[string]any
	if _, err := toml.Decode(string(block), &node); err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return &lineError{line: perr.Position.Line + 1, err: fmt.Errorf("malformed TOML front matter: %s", perr.Message)}
		}
		return &lineError{line: 1, err: fmt.Errorf("malformed TOML front matter: %v", err)}
	}
	for k, v := range node {
		fm[k] = v
	}
	return nil
}
