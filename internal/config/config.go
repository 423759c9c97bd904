// Package config reads the book file, anthology.yaml, into a plain struct.
// The command line fills what the file leaves out and wins where both speak.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

// DefaultName is the book file looked for in the current folder.
const DefaultName = "anthology.yaml"

// Config is the book file.
type Config struct {
	Title       string `yaml:"title"`
	Subtitle    string `yaml:"subtitle"`
	Author      string `yaml:"author"`
	Lang        string `yaml:"lang"`
	Description string `yaml:"description"`
	Cover       string `yaml:"cover"`

	// BaseURL and Permalinks describe where the posts lived on the web,
	// e.g. "https://example.org" and "/:year/:month/:day/:slug/", so that
	// links between posts can point inside the book.
	BaseURL    string `yaml:"baseURL"`
	Permalinks string `yaml:"permalinks"`

	// Themes are the chapters the blogger asks for, in book order.
	Themes []Theme `yaml:"themes"`

	// Path is the file the config was read from; empty for defaults.
	Path string `yaml:"-"`
}

// Theme is one chapter rule of the book file.
type Theme struct {
	Name        string   `yaml:"name"`
	Description string   `yaml:"description,omitempty"`
	Match       []string `yaml:"match,omitempty"`
	Aliases     []string `yaml:"aliases,omitempty"`
	Keywords    []string `yaml:"keywords,omitempty"`
	Posts       []string `yaml:"posts,omitempty"`
}

// Load reads the book file at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read book file: %w", err)
	}
	c, err := Parse(data)
	var perr *ParseError
	if errors.As(err, &perr) {
		perr.File = path
	}
	if err != nil {
		return nil, err
	}
	c.Path = path
	return c, nil
}

// ParseError is a book file that cannot be read as one.
type ParseError struct {
	File string
	Line int // 0 when unknown
	Msg  string
}

func (e *ParseError) Error() string {
	name := e.File
	if name == "" {
		name = "book file"
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", name, e.Line, e.Msg)
	}
	return name + ": " + e.Msg
}

var yamlLine = regexp.MustCompile(`^yaml: (?:unmarshal errors:\n\s*)?line (\d+): (.*)`)

// Parse decodes a book file. Unknown keys are an error, so that a typo does
// not silently change the book. Errors are *ParseError.
func Parse(data []byte) (*Config, error) {
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			return nil, &ParseError{Line: n, Msg: m[2]}
		}
		return nil, &ParseError{Msg: err.Error()}
	}
	for i, t := range c.Themes {
		if t.Name == "" {
			return nil, &ParseError{Msg: fmt.Sprintf("theme %d has no name", i+1)}
		}
	}
	return &c, nil
}
