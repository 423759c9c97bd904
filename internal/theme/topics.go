package theme

import (
	"hash/fnv"
	"math"
	"sort"
)

// Posts left by rules and taxonomy are grouped by a topic model: their
// TF-IDF matrix X (posts × terms) is factored into non-negative W (posts ×
// topics) and H (topics × terms) with X ≈ WH, and each post goes to the
// topic that carries most of it. Unlike a tree of pairwise similarities it
// needs no matrix of every pair of posts. The start decides what the model
// finds and how much it moves when a post comes or goes. A blog of many
// posts starts from its key terms' groups (keyterms.go), which one post
// more or less barely changes. A small one, where counts of posts per
// word are too small to choose words by, starts from the non-negative part
// of the matrix's leading singular vectors (NNDSVD), found by subspace
// iteration from values drawn from the terms' own keys: no seed and no
// dependence on the order of posts.

const (
	// maxFitPosts is the most posts the model is fitted on; beyond, an
	// evenly spread sample is, and every post is then scored against its
	// topics, so memory stays linear in the posts.
	maxFitPosts = 2000
	// maxTopicTerms is the most terms of the model: the ones most posts
	// share, the others telling little about groups.
	maxTopicTerms = 8000
	fitSteps      = 150
	svdSteps      = 12
)

// topicModel is a fitted factorization: per topic, its unit-length weights
// over the model's terms.
type topicModel struct {
	col map[int]int // corpus term -> model column
	h   [][]float64 // topic -> column -> weight, rows of unit length
	hht [][]float64 // h hᵀ
}

// topicClusters groups members into about k topics and returns the groups
// (sorted, in order of their first member), and each member's share of its
// topic in [0, 1] (by corpus index), which plan shows as its score.
func (c *corpus) topicClusters(members []int, k int) ([][]int, map[int]float64) {
	scores := map[int]float64{}
	if len(members) == 0 {
		return nil, scores
	}
	k = max(1, min(k, len(members)))
	fit := members
	if n := len(members); n > maxFitPosts {
		step := float64(n) / maxFitPosts
		fit = nil
		for i := 0; i < maxFitPosts; i++ {
			fit = append(fit, members[int(float64(i)*step)])
		}
	}
	m := c.fitTopics(fit, k, nil)
	byTopic := map[int][]int{}
	for _, i := range members {
		t, share := m.assign(c.vecs[i])
		if t < 0 {
			byTopic[-1-i] = []int{i} // a post with no term of the model stands alone
			continue
		}
		byTopic[t] = append(byTopic[t], i)
		scores[i] = share
	}
	var groups [][]int
	for _, g := range byTopic {
		sort.Ints(g)
		groups = append(groups, g)
	}
	sort.Slice(groups, func(a, b int) bool { return groups[a][0] < groups[b][0] })
	return groups, scores
}

// fitTopics factors the vectors of posts into k topics, started from
// the leading singular vectors, or, when seeds (post -> group number) are
// given, one topic per group started from that group.
func (c *corpus) fitTopics(posts []int, k int, seeds map[int]int) *topicModel {
	// Columns: the terms of these posts most of them share, in term order.
	df := map[int]int{}
	for _, i := range posts {
		for _, e := range c.vecs[i] {
			df[e.term]++
		}
	}
	terms := make([]int, 0, len(df))
	for t := range df {
		terms = append(terms, t)
	}
	sort.Ints(terms)
	if len(terms) > maxTopicTerms {
		sort.SliceStable(terms, func(a, b int) bool { return df[terms[a]] > df[terms[b]] })
		terms = terms[:maxTopicTerms]
		sort.Ints(terms)
	}
	m := &topicModel{col: make(map[int]int, len(terms))}
	for j, t := range terms {
		m.col[t] = j
	}
	rows := make([]vector, len(posts)) // X, in model columns
	for r, i := range posts {
		for _, e := range c.vecs[i] {
			if j, ok := m.col[e.term]; ok {
				rows[r] = append(rows[r], entry{j, e.w})
			}
		}
	}
	nTerms := len(terms)
	k = min(k, nTerms)
	if k == 0 {
		return m
	}
	var w, h [][]float64
	if seeds != nil {
		w, h = seededStart(rows, posts, seeds, len(terms))
	} else {
		w, h = c.nndsvd(rows, terms, k)
	}
	factorize(rows, w, h, fitSteps)
	for t := range h {
		norm := 0.0
		for _, x := range h[t] {
			norm += x * x
		}
		if norm = math.Sqrt(norm); norm > 0 {
			for j := range h[t] {
				h[t][j] /= norm
			}
		}
	}
	m.h = h
	m.hht = outer(h)
	return m
}

// nndsvd starts a factorization of rows (over len(terms) columns) into k
// topics from the non-negative parts of the leading singular vectors.
func (c *corpus) nndsvd(rows []vector, terms []int, k int) (w, h [][]float64) {
	n, v := len(rows), len(terms)
	// Start from values fixed by each term's key, so that the same terms
	// start the same whatever else the corpus holds.
	q := make([][]float64, k) // k × v, columns of the subspace as rows
	for t := range q {
		q[t] = make([]float64, v)
	}
	for j, term := range terms {
		hs := fnv.New64a()
		hs.Write([]byte(c.terms[term]))
		x := hs.Sum64()
		for t := 0; t < k; t++ {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			q[t][j] = float64(x>>11)/float64(1<<53) - 0.5
		}
	}
	orthonormalize(q)
	y := make([][]float64, k) // k × n: X q
	for t := range y {
		y[t] = make([]float64, n)
	}
	for step := 0; step < svdSteps; step++ {
		mulX(rows, q, y)
		mulXt(rows, y, q)
		orthonormalize(q)
	}
	mulX(rows, q, y)
	// Rayleigh-Ritz: the eigenvectors of (Xq)ᵀ(Xq) turn q into singular
	// vectors, largest first.
	vals, vecs := jacobiEigen(outer(y))
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return vals[order[a]] > vals[order[b]] })
	w, h = make([][]float64, n), make([][]float64, k)
	for i := range w {
		w[i] = make([]float64, k)
	}
	for t := range h {
		h[t] = make([]float64, v)
	}
	for t, o := range order {
		s := math.Sqrt(math.Max(vals[o], 0))
		right := make([]float64, v)
		for a := 0; a < k; a++ {
			if f := vecs[a][o]; f != 0 {
				for j := range right {
					right[j] += f * q[a][j]
				}
			}
		}
		left := make([]float64, n)
		for a := 0; a < k; a++ {
			if f := vecs[a][o]; f != 0 {
				for i := range left {
					left[i] += f * y[a][i]
				}
			}
		}
		if s > 0 {
			for i := range left {
				left[i] /= s
			}
		}
		// Of the positive and negative parts of the pair, the one with
		// the larger product of norms (the sign of a singular pair is
		// arbitrary).
		pl, nl := splitNorms(left)
		pr, nr := splitNorms(right)
		sign := 1.0
		if nl*nr > pl*pr {
			sign = -1
		}
		scale := math.Sqrt(s)
		for i, x := range left {
			w[i][t] = scale * math.Max(sign*x, 0)
		}
		for j, x := range right {
			h[t][j] = scale * math.Max(sign*x, 0)
		}
	}
	// Multiplicative updates never move a zero: start zeros at a small
	// share of the mean (NNDSVDa).
	fill := func(m [][]float64) {
		var sum float64
		var cnt int
		for _, r := range m {
			for _, x := range r {
				sum += x
				cnt++
			}
		}
		mean := sum / float64(max(cnt, 1))
		for _, r := range m {
			for i, x := range r {
				if x == 0 {
					r[i] = mean * 0.01
				}
			}
		}
	}
	fill(w)
	fill(h)
	return w, h
}

func splitNorms(x []float64) (pos, neg float64) {
	for _, v := range x {
		if v > 0 {
			pos += v * v
		} else {
			neg += v * v
		}
	}
	return math.Sqrt(pos), math.Sqrt(neg)
}

// mulX sets y (k × n) to X qᵀ for q (k × v).
func mulX(rows []vector, q, y [][]float64) {
	for t := range y {
		for i, r := range rows {
			var s float64
			for _, e := range r {
				s += e.w * q[t][e.term]
			}
			y[t][i] = s
		}
	}
}

// mulXt sets q (k × v) to Xᵀ y for y (k × n).
func mulXt(rows []vector, y, q [][]float64) {
	for t := range q {
		clear(q[t])
		for i, r := range rows {
			f := y[t][i]
			if f == 0 {
				continue
			}
			for _, e := range r {
				q[t][e.term] += f * e.w
			}
		}
	}
}

// orthonormalize makes the rows of q orthonormal (modified Gram-Schmidt).
func orthonormalize(q [][]float64) {
	for t := range q {
		for s := 0; s < t; s++ {
			var d float64
			for j := range q[t] {
				d += q[t][j] * q[s][j]
			}
			for j := range q[t] {
				q[t][j] -= d * q[s][j]
			}
		}
		var norm float64
		for _, x := range q[t] {
			norm += x * x
		}
		if norm = math.Sqrt(norm); norm > 1e-12 {
			for j := range q[t] {
				q[t][j] /= norm
			}
		} else {
			clear(q[t])
		}
	}
}

// outer is a aᵀ for the rows of a.
func outer(a [][]float64) [][]float64 {
	k := len(a)
	g := make([][]float64, k)
	for i := range g {
		g[i] = make([]float64, k)
	}
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			var s float64
			for x := range a[i] {
				s += a[i][x] * a[j][x]
			}
			g[i][j], g[j][i] = s, s
		}
	}
	return g
}

// jacobiEigen returns the eigenvalues of the symmetric matrix a and its
// eigenvectors as columns.
func jacobiEigen(a [][]float64) ([]float64, [][]float64) {
	k := len(a)
	m := make([][]float64, k)
	v := make([][]float64, k)
	for i := range m {
		m[i] = append([]float64(nil), a[i]...)
		v[i] = make([]float64, k)
		v[i][i] = 1
	}
	for sweep := 0; sweep < 50; sweep++ {
		off := 0.0
		for i := 0; i < k; i++ {
			for j := i + 1; j < k; j++ {
				off += m[i][j] * m[i][j]
			}
		}
		if off < 1e-22 {
			break
		}
		for p := 0; p < k; p++ {
			for r := p + 1; r < k; r++ {
				if math.Abs(m[p][r]) < 1e-300 {
					continue
				}
				theta := (m[r][r] - m[p][p]) / (2 * m[p][r])
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				cs := 1 / math.Sqrt(t*t+1)
				sn := t * cs
				for i := 0; i < k; i++ {
					mip, mir := m[i][p], m[i][r]
					m[i][p], m[i][r] = cs*mip-sn*mir, sn*mip+cs*mir
				}
				for i := 0; i < k; i++ {
					mpi, mri := m[p][i], m[r][i]
					m[p][i], m[r][i] = cs*mpi-sn*mri, sn*mpi+cs*mri
				}
				for i := 0; i < k; i++ {
					vip, vir := v[i][p], v[i][r]
					v[i][p], v[i][r] = cs*vip-sn*vir, sn*vip+cs*vir
				}
			}
		}
	}
	vals := make([]float64, k)
	for i := range vals {
		vals[i] = m[i][i]
	}
	return vals, v
}

// factorize improves w and h by Lee and Seung's multiplicative updates for
// the squared error.
func factorize(rows []vector, w, h [][]float64, steps int) {
	const eps = 1e-12
	k, v := len(h), len(h[0])
	xt := make([][]float64, k) // Wᵀ X
	for t := range xt {
		xt[t] = make([]float64, v)
	}
	for step := 0; step < steps; step++ {
		for t := range xt {
			clear(xt[t])
		}
		for i, r := range rows {
			for t := 0; t < k; t++ {
				if f := w[i][t]; f != 0 {
					for _, e := range r {
						xt[t][e.term] += f * e.w
					}
				}
			}
		}
		wtw := make([][]float64, k)
		for t := range wtw {
			wtw[t] = make([]float64, k)
		}
		for _, row := range w {
			for a := 0; a < k; a++ {
				for b := 0; b < k; b++ {
					wtw[a][b] += row[a] * row[b]
				}
			}
		}
		for t := 0; t < k; t++ {
			for j := 0; j < v; j++ {
				var d float64
				for e := 0; e < k; e++ {
					d += wtw[t][e] * h[e][j]
				}
				h[t][j] *= xt[t][j] / (d + eps)
			}
		}
		hht := outer(h)
		num := make([]float64, k)
		for i, r := range rows {
			for t := 0; t < k; t++ {
				var s float64
				for _, e := range r {
					s += e.w * h[t][e.term]
				}
				num[t] = s
			}
			for t := 0; t < k; t++ {
				var d float64
				for e := 0; e < k; e++ {
					d += w[i][e] * hht[e][t]
				}
				w[i][t] *= num[t] / (d + eps)
			}
		}
	}
}

// assign scores a post's vector against the topics (non-negative least
// squares by multiplicative updates, from an even start) and returns its
// topic and that topic's share of its weights; -1 when it has no term of
// the model.
func (m *topicModel) assign(vec vector) (int, float64) {
	k := len(m.h)
	if k == 0 {
		return -1, 0
	}
	xh := make([]float64, k)
	any := false
	for _, e := range vec {
		j, ok := m.col[e.term]
		if !ok {
			continue
		}
		for t := 0; t < k; t++ {
			xh[t] += e.w * m.h[t][j]
		}
		any = true
	}
	if !any {
		return -1, 0
	}
	w := make([]float64, k)
	for t := range w {
		w[t] = 1 / float64(k)
	}
	for step := 0; step < 40; step++ {
		for t := 0; t < k; t++ {
			var d float64
			for e := 0; e < k; e++ {
				d += w[e] * m.hht[e][t]
			}
			w[t] *= xh[t] / (d + 1e-12)
		}
	}
	best, sum := 0, 0.0
	for t, x := range w {
		sum += x
		if x > w[best]+1e-12 {
			best = t
		}
	}
	if sum <= 0 || w[best] <= 0 {
		return -1, 0
	}
	return best, w[best] / sum
}

// seededStart starts a factorization from groups already found: each
// topic from its group's mean vector, each post in its own group's topic.
func seededStart(rows []vector, posts []int, seeds map[int]int, nTerms int) (w, h [][]float64) {
	k := 0
	for _, g := range seeds {
		k = max(k, g+1)
	}
	h = make([][]float64, k)
	for t := range h {
		h[t] = make([]float64, nTerms)
	}
	w = make([][]float64, len(rows))
	for r, i := range posts {
		w[r] = make([]float64, k)
		for t := range w[r] {
			w[r][t] = 0.01
		}
		if g, ok := seeds[i]; ok {
			w[r][g] = 1
			for _, e := range rows[r] {
				h[g][e.term] += e.w
			}
		}
	}
	for t := range h {
		for j := range h[t] {
			h[t][j] += 1e-4
		}
	}
	return w, h
}
