export function diffCommand(_p: string[], _o: unknown): number { return 0; }
