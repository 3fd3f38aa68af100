exclude = ["/etc/*.tf", "../other/**", "modules/[legacy", ""]
