"""Networks of people, groups, vehicles, phones, places and cases over the register."""
