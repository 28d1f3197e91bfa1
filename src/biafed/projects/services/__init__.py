"""Every change to projects goes through these modules; views only call them."""
