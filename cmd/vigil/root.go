package main

import (
	"github.com/spf13/cobra"
)

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "vigil",
		Short: "Compliance and disaster-recovery audit of infrastructure as code",
		Long: `vigil evaluates Terraform, Terraform plans and live AWS accounts against policy-as-code rules
(OPA/Rego) mapped to ISO/IEC 27001:2022 Annex A, NIST SP 800-53 Rev. 5 and NIST CSF 2.0, and where
they evidence them to CIS AWS Foundations v6.0.0, SOC 2, PCI DSS v4.0.1 and the HIPAA Security Rule,
and reports every result: pass, fail, and unknown when the evidence could not be read (never
silently a pass).

Exit codes: 0 no failing finding at or above --fail-on; 1 the gate failed;
2 the run could not be trusted (bad input, bad config, policy error).`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newScanCmd(), newCollectCmd(), newPolicyCmd(), newControlsCmd(), newDiffCmd(), newDRCmd(), newReportCmd(), newEvidenceCmd(), newKeygenCmd(), newServeCmd(), newVersionCmd())
	return root
}
