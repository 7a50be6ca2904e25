// Every @example in src/stores runs as written and prints what its `// comment` says.
import { describeTsdocExamples } from '../support/tsdoc-examples.js';

describeTsdocExamples('stores', 28);
