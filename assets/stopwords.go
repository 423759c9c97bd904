package assets

import _ "embed"

// StopWords is the stopwords-iso collection (stopwords/README.md): a JSON
// object of word lists keyed by language code.
//
//go:embed stopwords/stopwords-iso.json
var StopWords []byte
