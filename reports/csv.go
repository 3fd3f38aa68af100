package reports

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vigil-audit/vigil/engine"
	"github.com/vigil-audit/vigil/internal/parallel"
)

// csvRenderer writes one row per result for spreadsheets and data tools.
type csvRenderer struct{}

func newCSV(Options) Renderer { return csvRenderer{} }

// csvFixedHead are the columns before the per-framework ones; csvTailHead those after.
var (
	csvFixedHead = []string{"rule_id", "rule_title", "severity", "status", "original_status", "resource_id",
		"resource_type", "resource_name", "file", "start_line", "end_line", "address", "api", "message"}
	csvTailHead = []string{"waiver", "waiver_approved_by", "waiver_ticket", "waiver_expires", "baseline",
		"fingerprint", "missing", "evidence"}
)

// Render writes a header and one RFC 4180 row per result, results in canonical order. Each framework of
// the report has two columns: the result's control ids, and each control's coverage (full, partial) in
// the same order. Cells that a spreadsheet would run as a formula are neutralised (csvCell).
func (csvRenderer) Render(ctx context.Context, w io.Writer, r *engine.Report) error {
	if err := begin(ctx, r); err != nil {
		return err
	}
	order := resultOrder(r.Results) // rows in canonical order, without copying the results
	cats, err := embeddedCatalogs()
	if err != nil {
		return fmt.Errorf("render csv: %w", err)
	}
	frameworks := frameworkOrder(r)
	// A control's coverage depends on the report's rules and the catalog, not on the result.
	coverage := make(map[string]map[string]engine.Coverage, len(frameworks))
	for _, fw := range frameworks {
		coverage[fw] = map[string]engine.Coverage{}
		if cat, ok := cats[fw]; ok {
			for _, cs := range engine.ControlStatuses(r, cat) {
				coverage[fw][cs.ID] = cs.Coverage
			}
		}
	}

	head := append([]string{}, csvFixedHead...)
	for _, fw := range frameworks {
		head = append(head, fw, fw+" coverage")
	}
	head = append(head, csvTailHead...)
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := newCSVWriter(bw).WriteAll([][]string{head}); err != nil {
		return fmt.Errorf("write csv report: %w", err)
	}
	// Rows are built and encoded in chunks on every core and written in order (parallel.Ordered): a csv
	// record's bytes depend on its row alone, so the output is that of one writer.
	encode := func(buf *bytes.Buffer, lo, hi int) error {
		cw := newCSVWriter(buf)
		row := make([]string, 0, len(head))
		for _, i := range order[lo:hi] {
			res := &r.Results[i]
			var err error
			if row, err = csvRow(row[:0], res, frameworks, coverage); err != nil {
				return fmt.Errorf("render csv: %w", err)
			}
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("write csv report: %w", err)
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("write csv report: %w", err)
		}
		return nil
	}
	write := func(p []byte) error {
		if _, err := bw.Write(p); err != nil {
			return fmt.Errorf("write csv report: %w", err)
		}
		return nil
	}
	if err := parallel.Ordered(ctx, len(order), resultChunk, encode, write); err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && errors.Is(err, ctxErr) {
			return fmt.Errorf("render csv: %w", err)
		}
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write csv report: %w", err)
	}
	return nil
}

// newCSVWriter returns a csv.Writer as every part of the report is written: RFC 4180 ends records with CRLF.
func newCSVWriter(w io.Writer) *csv.Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return cw
}

// csvRow appends res's cells to row: the fixed columns, the two of each framework, the tail, every cell
// neutralised (csvCell).
func csvRow(row []string, res *engine.Result, frameworks []string,
	coverage map[string]map[string]engine.Coverage) ([]string, error) {
	loc := res.Where()
	row = append(row, res.RuleID, res.RuleTitle, string(res.Severity), string(res.Status),
		string(res.OriginalStatus), res.ResourceID, res.ResourceType, res.ResourceName, loc.File,
		csvInt(loc.StartLine), csvInt(loc.EndLine), loc.Address, loc.API, res.Message)
	for _, fw := range frameworks {
		ids := res.Controls[fw]
		covs := make([]string, len(ids))
		for i, id := range ids {
			covs[i] = string(coverage[fw][id])
			if covs[i] == "" {
				covs[i] = "unknown" // a control outside the catalog (a saved report of a custom framework)
			}
		}
		row = append(row, strings.Join(ids, "; "), strings.Join(covs, "; "))
	}
	var waiver, approvedBy, ticket, expires string
	if wv := res.Waiver; wv != nil {
		waiver, approvedBy, ticket, expires = wv.ID, wv.ApprovedBy, wv.Ticket, waiverExpiry(wv)
	}
	evidence := ""
	if len(res.Evidence) > 0 {
		b, err := json.Marshal(res.Evidence) // encoding/json sorts the keys
		if err != nil {
			return row, fmt.Errorf("evidence of %s on %s: %w", res.RuleID, res.ResourceID, err)
		}
		evidence = string(b)
	}
	row = append(row, waiver, approvedBy, ticket, expires, res.Baseline, res.Fingerprint,
		strings.Join(res.Missing, "; "), evidence)
	for i := range row {
		row[i] = csvCell(row[i])
	}
	return row, nil
}

func csvInt(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// csvMaxCell is the most characters a spreadsheet cell holds (Excel's limit, 32,767); a longer field does
// not load whole, and with it the row's alignment is at risk.
const csvMaxCell = 32767

// csvCell neutralises formula injection (OWASP "CSV Injection"): a cell that starts with = + - @, a tab
// or a carriage return is prefixed with a single quote, so a spreadsheet shows it as text instead of
// running it. Values come from scanned files and API answers, which an attacker may control; so do the
// characters that change how a spreadsheet shows text (bidi overrides, other controls), escaped as in every
// human format (Printable) but for the line breaks and tabs RFC 4180 carries; and so does their length: a
// cell over csvMaxCell characters is cut, and says so.
func csvCell(s string) string {
	s = escapeControls(s, "\n\r\t")
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		s = "'" + s
	}
	if len(s) <= csvMaxCell { // bytes >= characters
		return s
	}
	n := utf8.RuneCountInString(s)
	if n <= csvMaxCell {
		return s
	}
	note := fmt.Sprintf("… (cut: %d characters; the json report has it whole)", n)
	keep := csvMaxCell - utf8.RuneCountInString(note)
	i := 0
	for k := 0; k < keep; k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i] + note
}
