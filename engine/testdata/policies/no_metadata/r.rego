package nometa

deny contains {"resource": "x"} if { true }
