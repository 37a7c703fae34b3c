#include <stdio.h>

int main(void)
{
	puts("progrep: under construction");
	return 0;
}
