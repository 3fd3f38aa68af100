package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/vigil-audit/vigil/engine"
)

// SoARow is one Annex A control of an ISO/IEC 27001:2022 Statement of Applicability draft: what the scan
// can say about it, and the columns the organisation fills in (justification, manual evidence).
type SoARow struct {
	engine.ControlStatus
	// Applicable is "yes" when automated results judge the control, "" (to decide) otherwise: a scan
	// never declares a control not applicable.
	Applicable string
}

// SoAHeader is the Statement of Applicability draft's CSV columns; the last two are left for the
// organisation to fill, as is "applicable" where no automated result decides it.
var SoAHeader = []string{
	"control", "title", "theme", "applicable", "automated_status", "coverage", "rules",
	"pass", "fail", "unknown", "waived", "justification", "manual_evidence_reference",
}

// StatementOfApplicability lists every control of the ISO/IEC 27001:2022 catalog, in catalog order, as a
// Statement of Applicability draft row.
func StatementOfApplicability(rep *engine.Report, cat *engine.Catalog) []SoARow {
	statuses := engine.ControlStatuses(rep, cat)
	rows := make([]SoARow, 0, len(statuses))
	for _, cs := range statuses {
		row := SoARow{ControlStatus: cs}
		// The engine lists rules in evaluation order; the draft is a document to diff between packs.
		row.Rules = slices.Clone(cs.Rules)
		slices.SortFunc(row.Rules, compareIDs)
		switch cs.State {
		case engine.ControlPassing, engine.ControlFailing, engine.ControlUnknown, engine.ControlWaived:
			row.Applicable = "yes"
		}
		rows = append(rows, row)
	}
	return rows
}

// WriteSoACSV writes the rows as CSV (RFC 4180), cells neutralised against formula injection.
func WriteSoACSV(w io.Writer, rows []SoARow) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180 ends records with CRLF, as the csv report does
	if err := cw.Write(SoAHeader); err != nil {
		return fmt.Errorf("write statement of applicability: %w", err)
	}
	for _, c := range rows {
		row := []string{
			c.ID, c.Title, c.Group, c.Applicable, string(c.State), c.Coverage.Label(), strings.Join(c.Rules, " "),
			strconv.Itoa(c.Pass), strconv.Itoa(c.Fail), strconv.Itoa(c.Unknown), strconv.Itoa(c.Waived), "", "",
		}
		for i := range row {
			row[i] = csvCell(row[i])
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("write statement of applicability: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write statement of applicability: %w", err)
	}
	return nil
}
