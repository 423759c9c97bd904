package chaptereval

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"unicode"
)

// The baselines are what a reader with a textbook would try first: TF-IDF
// vectors of the posts' words (titles and text, English stop words out,
// words in fewer than two posts or more than half out, sublinear term
// frequency, unit length), grouped by k-means, average-linkage clustering
// or NMF.

// sparse is a unit-length TF-IDF vector, sorted by term.
type sparse struct {
	terms []int
	ws    []float64
}

func (s sparse) dot(dense []float64) float64 {
	var sum float64
	for k, t := range s.terms {
		sum += s.ws[k] * dense[t]
	}
	return sum
}

func (s sparse) dotSparse(u sparse) float64 {
	var sum float64
	for i, j := 0, 0; i < len(s.terms) && j < len(u.terms); {
		switch {
		case s.terms[i] < u.terms[j]:
			i++
		case s.terms[i] > u.terms[j]:
			j++
		default:
			sum += s.ws[i] * u.ws[j]
			i++
			j++
		}
	}
	return sum
}

var baselineStop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all also am an and any are as at be
because been before being below between both but by can could did do does doing down during each few
for from further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself no nor not now of off on once only or other our ours ourselves
out over own same she should so some such than that the their theirs them themselves then there these
they this those through to too under until up very was we were what when where which while who whom why
will with would you your yours yourself yourselves one two use using used like get also new make way
le la les de des du un une et en est pour que qui dans sur pas par plus au aux ce cette ces il elle on
nous vous ils sont avec ne se sa son ses`) {
		m[w] = true
	}
	return m
}()

// tfidf returns the baseline vectors of texts and the size of their
// vocabulary.
func tfidf(texts []string) ([]sparse, int) {
	counts := make([]map[string]int, len(texts))
	df := map[string]int{}
	for i, t := range texts {
		counts[i] = map[string]int{}
		for _, w := range strings.FieldsFunc(strings.ToLower(t), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}) {
			if len([]rune(w)) < 3 || baselineStop[w] {
				continue
			}
			if counts[i][w] == 0 {
				df[w]++
			}
			counts[i][w]++
		}
	}
	n := len(texts)
	var vocab []string
	for w, f := range df {
		if f >= 2 && 2*f <= n {
			vocab = append(vocab, w)
		}
	}
	sort.Strings(vocab)
	id := map[string]int{}
	for i, w := range vocab {
		id[w] = i
	}
	vecs := make([]sparse, n)
	for i, c := range counts {
		var v sparse
		for w := range c {
			if j, ok := id[w]; ok {
				v.terms = append(v.terms, j)
			}
		}
		sort.Ints(v.terms)
		var norm float64
		for _, j := range v.terms {
			x := (1 + math.Log(float64(c[vocab[j]]))) * (1 + math.Log(float64(1+n)/float64(1+df[vocab[j]])))
			v.ws = append(v.ws, x)
			norm += x * x
		}
		if norm > 0 {
			norm = math.Sqrt(norm)
			for k := range v.ws {
				v.ws[k] /= norm
			}
		}
		vecs[i] = v
	}
	return vecs, len(vocab)
}

// KMeans groups texts into k groups by spherical k-means (k-means++
// start, then Lloyd steps on unit vectors) with a fixed seed.
func KMeans(texts []string, k int, seed uint64) []int {
	vecs, dim := tfidf(texts)
	n := len(vecs)
	k = min(k, n)
	rng := rand.New(rand.NewPCG(seed, 1))
	cents := make([][]float64, 0, k)
	addCentre := func(i int) {
		c := make([]float64, dim)
		for j, t := range vecs[i].terms {
			c[t] = vecs[i].ws[j]
		}
		cents = append(cents, c)
	}
	addCentre(rng.IntN(n))
	dist := make([]float64, n)
	for len(cents) < k {
		var total float64
		for i, v := range vecs {
			d := math.Inf(1)
			for _, c := range cents {
				d = math.Min(d, 1-v.dot(c))
			}
			dist[i] = math.Max(d, 0)
			total += dist[i]
		}
		pick, x := n-1, rng.Float64()*total
		for i, d := range dist {
			if x -= d; x < 0 {
				pick = i
				break
			}
		}
		addCentre(pick)
	}
	assign := make([]int, n)
	for iter := 0; iter < 100; iter++ {
		changed := false
		for i, v := range vecs {
			best, bestSim := 0, math.Inf(-1)
			for ci, c := range cents {
				if s := v.dot(c); s > bestSim {
					best, bestSim = ci, s
				}
			}
			if assign[i] != best || iter == 0 {
				changed = changed || assign[i] != best
				assign[i] = best
			}
		}
		if !changed && iter > 0 {
			break
		}
		for _, c := range cents {
			clear(c)
		}
		for i, v := range vecs {
			for j, t := range v.terms {
				cents[assign[i]][t] += v.ws[j]
			}
		}
		for _, c := range cents {
			var norm float64
			for _, x := range c {
				norm += x * x
			}
			if norm > 0 {
				norm = math.Sqrt(norm)
				for t := range c {
					c[t] /= norm
				}
			}
		}
	}
	return assign
}

// Agglomerative groups texts into k groups by average-linkage clustering
// over cosine similarity (a dense matrix: for evaluation sizes only).
func Agglomerative(texts []string, k int) []int {
	vecs, _ := tfidf(texts)
	n := len(vecs)
	sim := make([][]float64, n)
	for i := range sim {
		sim[i] = make([]float64, n)
		for j := 0; j < i; j++ {
			s := vecs[i].dotSparse(vecs[j])
			sim[i][j], sim[j][i] = s, s
		}
	}
	size := make([]float64, n)
	group := make([]int, n)
	for i := range size {
		size[i], group[i] = 1, i
	}
	// best[i] is the nearest live group to group i, among those after it.
	best := make([]int, n)
	findBest := func(i int) {
		best[i] = -1
		for j := i + 1; j < n; j++ {
			if size[j] > 0 && (best[i] < 0 || sim[i][j] > sim[i][best[i]]) {
				best[i] = j
			}
		}
	}
	for i := range best {
		findBest(i)
	}
	for groups := n; groups > k; groups-- {
		bi := -1
		for i := 0; i < n; i++ {
			if size[i] > 0 && best[i] >= 0 && (bi < 0 || sim[i][best[i]] > sim[bi][best[bi]]) {
				bi = i
			}
		}
		if bi < 0 {
			break
		}
		bj := best[bi]
		ni, nj := size[bi], size[bj]
		for m := 0; m < n; m++ {
			if size[m] > 0 && m != bi && m != bj {
				s := (ni*sim[bi][m] + nj*sim[bj][m]) / (ni + nj)
				sim[bi][m], sim[m][bi] = s, s
			}
		}
		size[bi], size[bj] = ni+nj, 0
		for m := range group {
			if group[m] == bj {
				group[m] = bi
			}
		}
		for m := 0; m < n; m++ {
			if size[m] > 0 && (m == bi || best[m] == bi || best[m] == bj || (m < bi && best[m] >= 0 && sim[m][bi] > sim[m][best[m]])) {
				findBest(m)
			}
		}
	}
	return group
}

// NMF groups texts into k groups by non-negative matrix factorization of
// their TF-IDF matrix (multiplicative updates, seeded random start), each
// post going to its strongest component.
func NMF(texts []string, k int, seed uint64) []int {
	vecs, dim := tfidf(texts)
	n := len(vecs)
	rng := rand.New(rand.NewPCG(seed, 2))
	W := make([][]float64, n)
	for i := range W {
		W[i] = make([]float64, k)
		for c := range W[i] {
			W[i][c] = rng.Float64()
		}
	}
	H := make([][]float64, k)
	for c := range H {
		H[c] = make([]float64, dim)
		for t := range H[c] {
			H[c][t] = rng.Float64()
		}
	}
	const eps = 1e-9
	for iter := 0; iter < 150; iter++ {
		// H <- H * (W^T X) / (W^T W H)
		wtx := make([][]float64, k)
		for c := range wtx {
			wtx[c] = make([]float64, dim)
		}
		for i, v := range vecs {
			for j, t := range v.terms {
				for c := 0; c < k; c++ {
					wtx[c][t] += W[i][c] * v.ws[j]
				}
			}
		}
		wtw := gram(W, k)
		for c := 0; c < k; c++ {
			for t := 0; t < dim; t++ {
				var d float64
				for e := 0; e < k; e++ {
					d += wtw[c][e] * H[e][t]
				}
				H[c][t] *= wtx[c][t] / (d + eps)
			}
		}
		// W <- W * (X H^T) / (W H H^T)
		hht := make([][]float64, k)
		for c := range hht {
			hht[c] = make([]float64, k)
			for e := 0; e < k; e++ {
				var s float64
				for t := 0; t < dim; t++ {
					s += H[c][t] * H[e][t]
				}
				hht[c][e] = s
			}
		}
		for i, v := range vecs {
			for c := 0; c < k; c++ {
				var num, den float64
				for j, t := range v.terms {
					num += v.ws[j] * H[c][t]
				}
				for e := 0; e < k; e++ {
					den += W[i][e] * hht[e][c]
				}
				W[i][c] *= num / (den + eps)
			}
		}
	}
	out := make([]int, n)
	for i := range W {
		for c := range W[i] {
			if W[i][c] > W[i][out[i]] {
				out[i] = c
			}
		}
	}
	return out
}

func gram(W [][]float64, k int) [][]float64 {
	g := make([][]float64, k)
	for c := range g {
		g[c] = make([]float64, k)
	}
	for _, row := range W {
		for c := 0; c < k; c++ {
			for e := 0; e < k; e++ {
				g[c][e] += row[c] * row[e]
			}
		}
	}
	return g
}
