package broken

deny contains x if {
	x := input.
}
