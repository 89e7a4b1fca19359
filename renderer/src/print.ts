import '../../resources/typeset/page.css';
import './print.css';
import '../../shared/layout/engine-entry';
