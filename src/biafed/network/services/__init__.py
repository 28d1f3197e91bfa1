"""The only code that changes the network's life: one function per change, taking the actor."""
