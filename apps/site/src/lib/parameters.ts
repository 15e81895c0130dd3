export { parameterReference as parameterRows } from '@school-policy/core';
