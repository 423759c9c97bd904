package cli

import (
	"github.com/anthology-book/anthology/internal/config"
	"github.com/anthology-book/anthology/internal/source"
	"github.com/anthology-book/anthology/internal/source/markdown"
	"github.com/anthology-book/anthology/internal/source/markdown/dialect"
)

// sourceOptions hands what the book file says about the blog's template
// tags (its own shortcodes, its site variables) to the Markdown reader.
func sourceOptions(cfg *config.Config) source.Options {
	rules := make(map[string]dialect.Rule, len(cfg.Shortcodes))
	for name, s := range cfg.Shortcodes {
		rules[name] = dialect.Rule{As: s.As, Label: s.Label}
	}
	return source.Options{Markdown: markdown.Options{Shortcodes: rules, Site: cfg.Site}}
}
