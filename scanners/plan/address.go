package plan

import "strings"

// step is one dot-separated step of a Terraform address or reference: a name and, when it selects an
// instance, the raw key as Terraform prints it ("[0]", `["web"]`).
type step struct {
	name string
	key  string
}

// splitSteps splits an address or reference ("module.net[0].aws_x.y[\"a\"].arn") into steps. Keys may hold
// any character inside their quotes. It reports false for text that is not of that form.
func splitSteps(s string) ([]step, bool) {
	var out []step
	i := 0
	for {
		start := i
		for i < len(s) && s[i] != '.' && s[i] != '[' {
			i++
		}
		st := step{name: s[start:i]}
		if st.name == "" {
			return nil, false
		}
		if i < len(s) && s[i] == '[' {
			end, ok := keyEnd(s, i)
			if !ok {
				return nil, false
			}
			st.key = s[i:end]
			i = end
		}
		out = append(out, st)
		if i == len(s) {
			return out, true
		}
		if s[i] != '.' {
			return nil, false
		}
		i++
	}
}

// keyEnd returns the index just past the instance key that opens at s[i] == '['.
func keyEnd(s string, i int) (int, bool) {
	j := i + 1
	if j < len(s) && s[j] == '"' {
		j++
		for j < len(s) && s[j] != '"' {
			if s[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(s) {
			return 0, false
		}
		j++ // closing quote
	} else {
		for j < len(s) && s[j] != ']' {
			if s[j] < '0' || s[j] > '9' {
				return 0, false
			}
			j++
		}
		if j == i+1 {
			return 0, false
		}
	}
	if j >= len(s) || s[j] != ']' {
		return 0, false
	}
	return j + 1, true
}

func joinSteps(steps []step) string {
	var b strings.Builder
	for i, st := range steps {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(st.name)
		b.WriteString(st.key)
	}
	return b.String()
}

// address is a parsed resource instance address.
type address struct {
	module  string   // module instance prefix: "", "module.net[0]"
	calls   []string // module call names from the root: ["net"]
	mode    string   // managed or data
	typ     string
	name    string
	key     string // raw instance key, "" for a single instance
	decl    string // the declaring block's address: instance keys removed everywhere
	resAddr string // the address relative to its module: "aws_x.y[0]"
}

// parseAddress parses a resource instance address such as module.a["x"].data.aws_y.z[0].
func parseAddress(s string) (address, bool) {
	steps, ok := splitSteps(s)
	if !ok {
		return address{}, false
	}
	var a address
	i := 0
	for i+2 < len(steps) && steps[i].name == "module" && steps[i].key == "" {
		a.calls = append(a.calls, steps[i+1].name)
		i += 2
	}
	a.module = joinSteps(steps[:i])
	rest := steps[i:]
	a.mode = "managed"
	if len(rest) == 3 && rest[0].name == "data" && rest[0].key == "" {
		a.mode = "data"
		rest = rest[1:]
	}
	if len(rest) != 2 || rest[0].key != "" || reservedRoot(rest[0].name) {
		return address{}, false
	}
	a.typ, a.name, a.key = rest[0].name, rest[1].name, rest[1].key
	a.resAddr = joinSteps(steps[i:])
	decl := make([]step, len(steps))
	for j, st := range steps {
		decl[j] = step{name: st.name}
	}
	a.decl = joinSteps(decl)
	return a, true
}

// ConfigAddress returns the address of the block that declares a resource instance: the address with
// every instance key removed (module.net[0].aws_x.y["a"] → module.net.aws_x.y). Text that is not an
// address is returned unchanged.
func ConfigAddress(addr string) string {
	a, ok := parseAddress(addr)
	if !ok {
		return addr
	}
	return a.decl
}

// joinAddr prefixes a module-relative address with a module instance address.
func joinAddr(module, rel string) string {
	if module == "" {
		return rel
	}
	return module + "." + rel
}

// naturalLess orders addresses with runs of digits compared as numbers, so x[2] sorts before x[10].
func naturalLess(a, b string) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if isDigit(a[i]) && isDigit(b[j]) {
			si, sj := i, j
			for i < len(a) && isDigit(a[i]) {
				i++
			}
			for j < len(b) && isDigit(b[j]) {
				j++
			}
			na, nb := strings.TrimLeft(a[si:i], "0"), strings.TrimLeft(b[sj:j], "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			continue
		}
		if a[i] != b[j] {
			return a[i] < b[j]
		}
		i++
		j++
	}
	if len(a)-i != len(b)-j {
		return len(a)-i < len(b)-j
	}
	return a < b
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
